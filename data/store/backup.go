package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"

	"convenor/data"
)

// Backups are whole copies of the workspace made with SQLite's online
// backup API, which copies a consistent snapshot while the workspace stays
// open and in use. A copy is written under a temporary name, synced, and
// only then given its name, so a backup file is either whole or absent.

// BackupDir is where a workspace's rotating backups are kept: beside it, in
// NAME.backups/.
func BackupDir(workspace string) string {
	return strings.TrimSuffix(workspace, filepath.Ext(workspace)) + ".backups"
}

// Backup copies the workspace to dest, which must not exist.
func (s *Store) Backup(ctx context.Context, dest string) error {
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s exists; a backup never overwrites a file", dest)
	}
	if err := makeFolder(filepath.Dir(dest)); err != nil {
		return err
	}
	tmp := dest + tmpPartial
	removeWithJournal(tmp)
	if err := createPrivate(tmp); err != nil {
		return fmt.Errorf("backing up to %s: %w", dest, err)
	}
	if err := s.copyTo(ctx, tmp); err != nil {
		removeWithJournal(tmp)
		if said := failed("backing up to "+dest, err, false); said != err {
			return said
		}
		return fmt.Errorf("backing up to %s: %w", dest, err)
	}
	if err := syncFile(tmp); err != nil {
		removeWithJournal(tmp)
		return err
	}
	if err := os.Link(tmp, dest); err != nil {
		removeWithJournal(tmp)
		return err
	}
	removeWithJournal(tmp)
	return syncDir(filepath.Dir(dest))
}

func (s *Store) copyTo(ctx context.Context, path string) error {
	dst, err := sql.Open("sqlite3", sqliteURI(path, url.Values{"mode": {"rw"}}))
	if err != nil {
		return err
	}
	err = s.backupInto(ctx, dst)
	if err == nil {
		err = s.writeBackupHead(ctx, dst)
	}
	return closeWhole(dst, path, err)
}

func (s *Store) backupInto(ctx context.Context, dst *sql.DB) error {
	dconn, err := dst.Conn(ctx)
	if err != nil {
		return err
	}
	defer dconn.Close()
	sconn, err := s.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer sconn.Close()
	return dconn.Raw(func(d any) error {
		return sconn.Raw(func(src any) error {
			// A sealed workspace's file is attached as "vault"; its
			// backup is sealed as it is.
			b, err := d.(*sqlite3.SQLiteConn).Backup("main", src.(*sqlite3.SQLiteConn), s.file.fileSchema())
			if err != nil {
				return err
			}
			for {
				done, err := b.Step(256)
				if err == nil {
					err = ctx.Err() // a closed window stops its backup
				}
				if err != nil {
					b.Finish()
					return err
				}
				if done {
					break
				}
			}
			if err := b.Finish(); err != nil {
				return err
			}
			// A backup is a file on its own: no WAL beside it.
			_, err = d.(*sqlite3.SQLiteConn).Exec("PRAGMA journal_mode=DELETE", nil)
			return err
		})
	})
}

// BackupInfo describes one backup file.
type BackupInfo struct {
	Path string
	At   time.Time
	Size int64
}

const backupStamp = "20060102-150405"

// BackupNow writes a rotating backup into BackupDir and deletes the oldest
// beyond keep. It returns the new backup's path.
func (s *Store) BackupNow(ctx context.Context, keep int) (string, error) {
	if keep < 1 {
		return "", fmt.Errorf("cannot keep %d backups: at least 1, the one being made, must be kept", keep)
	}
	// One at a time: the timer's and the menu's may meet in one second.
	s.backupMu.Lock()
	defer s.backupMu.Unlock()
	dir := BackupDir(s.path)
	base := strings.TrimSuffix(filepath.Base(s.path), filepath.Ext(s.path))
	now := s.Now().UTC()
	dest := filepath.Join(dir, base+"-"+now.Format(backupStamp)+".convenor")
	for i := 2; fileExists(dest); i++ { // two backups in one second
		dest = filepath.Join(dir, fmt.Sprintf("%s-%s-%d.convenor", base, now.Format(backupStamp), i))
	}
	if err := s.Backup(ctx, dest); err != nil {
		return "", err
	}
	list, err := Backups(ctx, s.path)
	if err != nil {
		return dest, err
	}
	for i := keep; i < len(list); i++ {
		os.Remove(list[i].Path)
	}
	return dest, nil
}

// Backups lists a workspace's rotating backups, newest first.
func Backups(ctx context.Context, workspace string) ([]BackupInfo, error) {
	dir := BackupDir(workspace)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []BackupInfo
	for _, e := range entries {
		if e.IsDir() || filepath.Ext(e.Name()) != ".convenor" {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		out = append(out, BackupInfo{Path: filepath.Join(dir, e.Name()), At: info.ModTime(), Size: info.Size()})
	}
	// By name without ".convenor", so a second backup in the same second
	// ("…-150405-2") sorts after the first ("…-150405"), not before.
	key := func(b BackupInfo) string { return strings.TrimSuffix(b.Path, ".convenor") }
	sort.Slice(out, func(i, j int) bool { return key(out[i]) > key(out[j]) })
	return out, nil
}

// LatestGoodBackup is the newest backup that passes the checks a workspace
// must pass to open; ok is false when there is none. A machine that
// damaged the workspace may have damaged its latest backup too.
func LatestGoodBackup(ctx context.Context, workspace string) (b BackupInfo, ok bool) {
	list, err := Backups(ctx, workspace)
	if err != nil {
		return BackupInfo{}, false
	}
	for _, b := range list {
		if inspect(ctx, b.Path) == nil {
			return b, true
		}
	}
	return BackupInfo{}, false
}

// Restore replaces the (closed) workspace with a copy of backup. The current
// file, with its write-ahead log if any, is first moved aside to
// NAME.before-restore-STAMP.convenor and kept; its path is returned. The
// backup is checked before anything is moved.
func Restore(ctx context.Context, workspace, backup string) (string, error) {
	if err := inspect(ctx, backup); err != nil {
		return "", fmt.Errorf("not restoring: %w", err)
	}
	exists := fileExists(workspace)
	if exists {
		if fi, _ := os.Stat(workspace); fi.IsDir() {
			return "", &data.OpenError{Path: workspace, Reason: data.ErrNotWorkspace, Detail: "it is a folder, not a file; nothing was restored"}
		}
		lock, err := lockForWriting(workspace)
		if err != nil {
			return "", err
		}
		defer lock.release()
	} else if err := checkWritable(workspace); err != nil {
		return "", err
	}
	tmp := workspace + tmpRestoring
	removeWithJournal(tmp)
	if err := copyFile(backup, tmp); err != nil {
		removeWithJournal(tmp)
		return "", err
	}
	now := time.Now().UTC()
	aside := ""
	if exists {
		aside = strings.TrimSuffix(workspace, filepath.Ext(workspace)) + ".before-restore-" + now.Format(backupStamp) + ".convenor"
	}
	if err := leaveRestoreNote(tmp, restoreNote{Backup: backup, Replaced: aside, At: now.Format(timeLayout)}); err != nil {
		removeWithJournal(tmp)
		return "", fmt.Errorf("preparing the copy of the backup: %w", err)
	}
	if !exists {
		// Link fails if a file appeared meanwhile: nothing is replaced.
		err := os.Link(tmp, workspace)
		removeWithJournal(tmp)
		if err != nil {
			return "", err
		}
		return "", syncDir(filepath.Dir(workspace))
	}
	for _, suffix := range []string{"", "-wal", "-shm"} {
		if fileExists(workspace + suffix) {
			if err := os.Rename(workspace+suffix, aside+suffix); err != nil {
				removeWithJournal(tmp)
				return "", fmt.Errorf("keeping the current file aside: %w", err)
			}
		}
	}
	if err := os.Rename(tmp, workspace); err != nil {
		return aside, err
	}
	return aside, syncDir(filepath.Dir(workspace))
}

// IntegrityCheck runs SQLite's full integrity check and returns what it
// found wrong; nothing means the file is sound.
func (s *Store) IntegrityCheck(ctx context.Context) ([]string, error) {
	db := s.under(ctx)
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return nil, err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var fk int
	if err := db.QueryRow("SELECT count(*) FROM pragma_foreign_key_check").Scan(&fk); err != nil {
		return problems, err
	} else if fk > 0 {
		problems = append(problems, fmt.Sprintf("%d references point to records that do not exist", fk))
	}
	return problems, nil
}

// BackupFile backs up a workspace file without opening its records, so a
// sealed workspace can be backed up by a script that has no passphrase:
// to dest when given, else into the rotating backups, keeping keep.
func BackupFile(ctx context.Context, workspace, dest string, keep int) (string, error) {
	if err := inspect(ctx, workspace); err != nil {
		return "", err
	}
	db, err := sql.Open("sqlite3", dsn(workspace, "ro"))
	if err != nil {
		return "", err
	}
	s := storeOver(db, workspace, nil, true)
	defer s.Close()
	if dest != "" {
		return dest, s.Backup(ctx, dest)
	}
	return s.BackupNow(ctx, keep)
}
