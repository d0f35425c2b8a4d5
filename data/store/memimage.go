package store

/*
#include <stdint.h>
typedef struct sqlite3 sqlite3;
extern void *sqlite3_malloc64(uint64_t);
extern void sqlite3_free(void *);
extern int sqlite3_deserialize(sqlite3 *, const char *, unsigned char *, int64_t, int64_t, unsigned int);
extern int sqlite3_file_control(sqlite3 *, const char *, int, void *);

// 1 | 2: SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE;
// 36: SQLITE_FCNTL_SIZE_LIMIT, lifting the 1 GiB a deserialized database
// may otherwise grow to.
static int become_main(void *db, void *image, int64_t size) {
	int rc = sqlite3_deserialize((sqlite3 *)db, "main", image, size, size, 1 | 2);
	if (rc != 0) return rc;
	int64_t limit = (int64_t)1 << 42;
	return sqlite3_file_control((sqlite3 *)db, "main", 36, &limit);
}
*/
import "C"

import (
	"errors"
	"fmt"
	"reflect"
	"unsafe"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// memImage is a database image in memory SQLite owns, so the unlock image
// is decrypted once, straight into the memory the database will live in.
// The driver's own Deserialize copies its argument into a buffer that
// cannot grow, which would have cost a scratch database and a page-by-page
// copy: on a virtual machine, where touching fresh memory costs more than
// decrypting it, that was 1.3 of the 2.6 s an unlock of 100,000 records
// took.
type memImage struct {
	p     unsafe.Pointer
	bytes []byte
}

func newMemImage(size int) (*memImage, error) {
	p := C.sqlite3_malloc64(C.uint64_t(size))
	if p == nil {
		return nil, fmt.Errorf("no memory for a %d-byte image", size)
	}
	return &memImage{p: p, bytes: unsafe.Slice((*byte)(p), size)}, nil
}

// free gives the memory back, unless a database was made of it.
func (m *memImage) free() {
	if m != nil && m.p != nil {
		C.sqlite3_free(m.p)
		m.p, m.bytes = nil, nil
	}
}

// become makes the image conn's main database. SQLite owns the memory
// from then on, grows it as the database grows and frees it on close (or
// at once, if it refuses the image).
func (m *memImage) become(conn *sqlite3.SQLiteConn) error {
	db, err := handle(conn)
	if err != nil {
		return err
	}
	rc := C.become_main(db, m.p, C.int64_t(len(m.bytes)))
	m.p, m.bytes = nil, nil
	if rc != 0 {
		return fmt.Errorf("SQLite refused the image (code %d)", int(rc))
	}
	return nil
}

// handle is the sqlite3 pointer behind the driver's connection, which the
// driver keeps unexported. If a newer driver keeps it elsewhere, unlocking
// reads every record instead (slower, the same result), and
// TestUnlockingFromTheImageGivesWhatEveryRecordGives fails to say so.
func handle(c *sqlite3.SQLiteConn) (unsafe.Pointer, error) {
	f := reflect.ValueOf(c).Elem().FieldByName("db")
	if !f.IsValid() || f.Kind() != reflect.Pointer || f.IsNil() {
		return nil, errors.New("the SQLite driver keeps its connection where Convenor does not look")
	}
	return f.UnsafePointer(), nil
}
