package interchange

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"convenor/data/vault"
)

// An export from a sealed workspace is sealed too, under a passphrase given
// for it, so a file copied off the laptop reads no better than the
// workspace. The format is a first line naming it, a line of JSON with the
// key derivation's parameters, then the sealed export.

const sealedExportMagic = "CONVENOR-SEALED-EXPORT 1"

// sealedExportMax bounds what OpenSealedExport reads (1 GiB).
const sealedExportMax = 1 << 30

// WriteSealed writes e like Write, sealed under passphrase.
func WriteSealed(ctx context.Context, s Source, w io.Writer, e *Export, passphrase string) error {
	return sealed(w, e.Format, passphrase, func(plain io.Writer) error { return Write(ctx, s, plain, e) })
}

// Seal has write write a file of format (a briefing, say), and writes it
// sealed under passphrase as exports are.
func Seal(w io.Writer, format, passphrase string, write func(io.Writer) error) error {
	return sealed(w, format, passphrase, write)
}

// sealed has write write an export of format, and writes it sealed under
// passphrase.
func sealed(w io.Writer, format, passphrase string, write func(io.Writer) error) error {
	if len([]rune(passphrase)) < 8 {
		return errors.New("an export's passphrase must have at least 8 characters")
	}
	var plain bytes.Buffer
	if err := write(&plain); err != nil {
		return err
	}
	kdf := vault.DefaultKDF()
	blob, err := vault.Seal(kdf.Key(passphrase), plain.Bytes(), sealedExportMagic)
	if err != nil {
		return err
	}
	head, _ := json.Marshal(struct {
		KDF    vault.KDF `json:"kdf"`
		Format string    `json:"format"`
	}{kdf, format})
	_, err = fmt.Fprintf(w, "%s\n%s\n", sealedExportMagic, head)
	if err == nil {
		_, err = w.Write(blob)
	}
	return err
}

// IsSealedFile tells a sealed export or archive by its first line.
func IsSealedFile(b []byte) bool { return bytes.HasPrefix(b, []byte(sealedExportMagic+"\n")) }

// OpenSealed reads a sealed export back with its passphrase. Anything
// that is not one, or was changed, is refused with a reason.
func OpenSealed(r io.Reader, passphrase string) ([]byte, error) {
	br := bufio.NewReader(io.LimitReader(r, sealedExportMax))
	magic, err := br.ReadString('\n')
	if err != nil || magic != sealedExportMagic+"\n" {
		return nil, errors.New("this is not a sealed Convenor export")
	}
	line, err := br.ReadBytes('\n')
	if err != nil {
		return nil, errors.New("the sealed export is cut short")
	}
	var head struct {
		KDF vault.KDF `json:"kdf"`
	}
	if err := json.Unmarshal(line, &head); err != nil {
		return nil, errors.New("the sealed export's header is damaged")
	}
	if err := head.KDF.Check(); err != nil {
		return nil, fmt.Errorf("the sealed export's header is damaged: %w", err)
	}
	blob, err := io.ReadAll(br)
	if err != nil {
		return nil, err
	}
	plain, err := vault.Unseal(head.KDF.Key(passphrase), blob, sealedExportMagic)
	if err != nil {
		return nil, errors.New("wrong passphrase, or the export was changed")
	}
	return plain, nil
}
