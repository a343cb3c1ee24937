#pragma once
// A SQLite VFS over the default one that gathers the writes to a write-ahead log and hands them
// to the file system in one call when SQLite syncs the log (or reads it, truncates it, asks its
// size, closes it, or writes somewhere other than right after what is gathered).
//
// Why: SQLite writes each log frame as two pwrite calls (a 24-byte header, then the page), so a
// group commit of a batch of orders was ~15 system calls per order, each redoing the kernel's
// per-page work for pages the neighbouring calls touch again. Gathered, a commit is one write
// of consecutive bytes.
//
// Why it is safe: nothing may rely on a log write before the sync that follows it. Other
// connections read only frames a commit has published, and a commit publishes its frames (the
// shared-memory index header) only after syncing them, which writes what was gathered first; the
// connection that wrote them reads through this file, which writes them out before any read. A
// failed gathered write is reported by the call that flushed it (the sync: the commit fails and
// SQLite rolls it back, as for a failed write), with SQLite's own error code (SQLITE_FULL on a
// full disk). Files other than write-ahead logs pass straight through.
namespace wolfix::db {

// Registers the VFS (not as the default) on first use; returns its name for sqlite3_open_v2.
const char* wal_write_buffer_vfs();

}  // namespace wolfix::db
