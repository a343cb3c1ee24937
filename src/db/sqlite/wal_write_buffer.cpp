#include "db/sqlite/wal_write_buffer.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstddef>
#include <mutex>
#include <new>
#include <stdexcept>
#include <string>

namespace wolfix::db {
namespace {

// Gathered bytes beyond this are written at once (a batch of orders logs well under 1 MB).
constexpr std::size_t kMaxGathered = 8u << 20;

// The default VFS writes at most 0x1ffff bytes a call (it masks the length to 17 bits, and a
// length that masks to 0 reads as a full disk), so the gathered bytes go out in pieces of this.
constexpr std::size_t kMaxWrite = 31 * 4096;

// The bytes gathered for one log file: consecutive, starting at `at`.
struct Gathered {
  std::string bytes;
  sqlite3_int64 at = 0;
};

// SQLite allocates szOsFile bytes for a file: this head, then the default VFS's own file.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  Gathered* gathered;  // null for files that are not write-ahead logs
};
constexpr std::size_t kHead = (sizeof(File) + 15) & ~std::size_t{15};

sqlite3_vfs* real_vfs(sqlite3_vfs* vfs) {
  return static_cast<sqlite3_vfs*>(vfs->pAppData);
}
File* file_of(sqlite3_file* f) {
  return reinterpret_cast<File*>(f);
}
sqlite3_file* real_of(sqlite3_file* f) {
  return file_of(f)->real;
}

// In pieces the default VFS takes whole (kMaxWrite): SQLite hands some files larger writes, e.g.
// a statement journal moving from memory to a temporary file writes its whole buffer at once.
int write_in_pieces(sqlite3_file* real, const char* data, std::size_t amount,
                    sqlite3_int64 offset) {
  int rc = SQLITE_OK;
  for (std::size_t done = 0; done < amount && rc == SQLITE_OK; done += kMaxWrite) {
    std::size_t n = std::min(kMaxWrite, amount - done);
    rc = real->pMethods->xWrite(real, data + done, static_cast<int>(n),
                                offset + static_cast<sqlite3_int64>(done));
  }
  return rc;
}

// Writes what is gathered; whatever happens, nothing stays gathered (a failed write is reported
// once, by the call that made it, like a failed direct write).
int flush(File* f) {
  Gathered* g = f->gathered;
  if (!g || g->bytes.empty()) return SQLITE_OK;
  int rc = write_in_pieces(f->real, g->bytes.data(), g->bytes.size(), g->at);
  g->bytes.clear();
  return rc;
}

// --- file methods: gather log writes, write them out before anything that may depend on them

int x_close(sqlite3_file* f) {
  File* file = file_of(f);
  int flushed = flush(file);
  int rc = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
  delete file->gathered;
  file->gathered = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int x_read(sqlite3_file* f, void* out, int amount, sqlite3_int64 offset) {
  if (int rc = flush(file_of(f)); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xRead(real_of(f), out, amount, offset);
}

int x_write(sqlite3_file* f, const void* data, int amount, sqlite3_int64 offset) {
  File* file = file_of(f);
  Gathered* g = file->gathered;
  if (!g)
    return write_in_pieces(file->real, static_cast<const char*>(data),
                           static_cast<std::size_t>(std::max(amount, 0)), offset);
  if (amount <= 0) return SQLITE_OK;
  if (!g->bytes.empty() && offset != g->at + static_cast<sqlite3_int64>(g->bytes.size()))
    if (int rc = flush(file); rc != SQLITE_OK) return rc;
  try {
    if (g->bytes.empty()) g->at = offset;
    g->bytes.append(static_cast<const char*>(data), static_cast<std::size_t>(amount));
  } catch (const std::bad_alloc&) {
    g->bytes.clear();  // nothing half-gathered: write this one directly after what was there
    return file->real->pMethods->xWrite(file->real, data, amount, offset);
  }
  if (g->bytes.size() >= kMaxGathered) return flush(file);
  return SQLITE_OK;
}

int x_truncate(sqlite3_file* f, sqlite3_int64 size) {
  if (int rc = flush(file_of(f)); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xTruncate(real_of(f), size);
}

int x_sync(sqlite3_file* f, int flags) {
  if (int rc = flush(file_of(f)); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xSync(real_of(f), flags);
}

int x_file_size(sqlite3_file* f, sqlite3_int64* size) {
  if (int rc = flush(file_of(f)); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFileSize(real_of(f), size);
}

int x_lock(sqlite3_file* f, int level) {
  return real_of(f)->pMethods->xLock(real_of(f), level);
}
int x_unlock(sqlite3_file* f, int level) {
  return real_of(f)->pMethods->xUnlock(real_of(f), level);
}
int x_check_reserved_lock(sqlite3_file* f, int* out) {
  return real_of(f)->pMethods->xCheckReservedLock(real_of(f), out);
}

int x_file_control(sqlite3_file* f, int op, void* arg) {
  if (int rc = flush(file_of(f)); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFileControl(real_of(f), op, arg);
}

int x_sector_size(sqlite3_file* f) {
  return real_of(f)->pMethods->xSectorSize(real_of(f));
}
int x_device_characteristics(sqlite3_file* f) {
  return real_of(f)->pMethods->xDeviceCharacteristics(real_of(f));
}

int x_shm_map(sqlite3_file* f, int page, int page_size, int extend, void volatile** out) {
  return real_of(f)->pMethods->xShmMap(real_of(f), page, page_size, extend, out);
}
int x_shm_lock(sqlite3_file* f, int offset, int n, int flags) {
  return real_of(f)->pMethods->xShmLock(real_of(f), offset, n, flags);
}
void x_shm_barrier(sqlite3_file* f) {
  real_of(f)->pMethods->xShmBarrier(real_of(f));
}
int x_shm_unmap(sqlite3_file* f, int delete_flag) {
  return real_of(f)->pMethods->xShmUnmap(real_of(f), delete_flag);
}

int x_fetch(sqlite3_file* f, sqlite3_int64 offset, int amount, void** out) {
  if (int rc = flush(file_of(f)); rc != SQLITE_OK) return rc;
  return real_of(f)->pMethods->xFetch(real_of(f), offset, amount, out);
}
int x_unfetch(sqlite3_file* f, sqlite3_int64 offset, void* p) {
  return real_of(f)->pMethods->xUnfetch(real_of(f), offset, p);
}

const sqlite3_io_methods kMethods = {
    3,
    x_close,
    x_read,
    x_write,
    x_truncate,
    x_sync,
    x_file_size,
    x_lock,
    x_unlock,
    x_check_reserved_lock,
    x_file_control,
    x_sector_size,
    x_device_characteristics,
    x_shm_map,
    x_shm_lock,
    x_shm_barrier,
    x_shm_unmap,
    x_fetch,
    x_unfetch,
};

// --- the VFS: opens through the default one; the rest is the default's

int x_open(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* out_flags) {
  File* file = file_of(f);
  file->base.pMethods = nullptr;
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + kHead);
  file->gathered = nullptr;
  sqlite3_vfs* real = real_vfs(vfs);
  int rc = real->xOpen(real, name, file->real, flags, out_flags);
  if (rc != SQLITE_OK) return rc;  // pMethods stays null: SQLite will not call xClose
  const sqlite3_io_methods* m = file->real->pMethods;
  if (!m || m->iVersion < 3) {
    // Not the default unix VFS this was written for: refuse rather than guess.
    if (m) m->xClose(file->real);
    return SQLITE_CANTOPEN;
  }
  if (flags & SQLITE_OPEN_WAL) {
    file->gathered = new (std::nothrow) Gathered;
    if (!file->gathered) {
      m->xClose(file->real);
      return SQLITE_NOMEM;
    }
  }
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int x_delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return real_vfs(vfs)->xDelete(real_vfs(vfs), name, sync_dir);
}
int x_access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return real_vfs(vfs)->xAccess(real_vfs(vfs), name, flags, out);
}
int x_full_pathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return real_vfs(vfs)->xFullPathname(real_vfs(vfs), name, size, out);
}
void* x_dl_open(sqlite3_vfs* vfs, const char* name) {
  return real_vfs(vfs)->xDlOpen(real_vfs(vfs), name);
}
void x_dl_error(sqlite3_vfs* vfs, int size, char* out) {
  real_vfs(vfs)->xDlError(real_vfs(vfs), size, out);
}
void (*x_dl_sym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return real_vfs(vfs)->xDlSym(real_vfs(vfs), handle, symbol);
}
void x_dl_close(sqlite3_vfs* vfs, void* handle) {
  real_vfs(vfs)->xDlClose(real_vfs(vfs), handle);
}
int x_randomness(sqlite3_vfs* vfs, int size, char* out) {
  return real_vfs(vfs)->xRandomness(real_vfs(vfs), size, out);
}
int x_sleep(sqlite3_vfs* vfs, int micros) {
  return real_vfs(vfs)->xSleep(real_vfs(vfs), micros);
}
int x_current_time(sqlite3_vfs* vfs, double* out) {
  return real_vfs(vfs)->xCurrentTime(real_vfs(vfs), out);
}
int x_get_last_error(sqlite3_vfs* vfs, int size, char* out) {
  return real_vfs(vfs)->xGetLastError(real_vfs(vfs), size, out);
}
int x_current_time_int64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return real_vfs(vfs)->xCurrentTimeInt64(real_vfs(vfs), out);
}

}  // namespace

const char* wal_write_buffer_vfs() {
  static constexpr const char* kName = "wolfix-wal-gather";
  static std::once_flag once;
  static sqlite3_vfs vfs{};
  std::call_once(once, [] {
    sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
    if (!real || real->iVersion < 2 || !real->xCurrentTimeInt64)
      throw std::runtime_error("SQLite: no default VFS to wrap");
    vfs.iVersion = 2;
    vfs.szOsFile = static_cast<int>(kHead) + real->szOsFile;
    vfs.mxPathname = real->mxPathname;
    vfs.zName = kName;
    vfs.pAppData = real;
    vfs.xOpen = x_open;
    vfs.xDelete = x_delete;
    vfs.xAccess = x_access;
    vfs.xFullPathname = x_full_pathname;
    vfs.xDlOpen = x_dl_open;
    vfs.xDlError = x_dl_error;
    vfs.xDlSym = x_dl_sym;
    vfs.xDlClose = x_dl_close;
    vfs.xRandomness = x_randomness;
    vfs.xSleep = x_sleep;
    vfs.xCurrentTime = x_current_time;
    vfs.xGetLastError = x_get_last_error;
    vfs.xCurrentTimeInt64 = x_current_time_int64;
    if (sqlite3_vfs_register(&vfs, 0) != SQLITE_OK)
      throw std::runtime_error("SQLite: cannot register the log-gathering VFS");
  });
  return kName;
}

}  // namespace wolfix::db
