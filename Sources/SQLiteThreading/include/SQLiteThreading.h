#ifndef GAPWATCH_SQLITE_THREADING_H
#define GAPWATCH_SQLITE_THREADING_H

/// Sets SQLite's multi-thread mode, turns off its memory statistics and lets a file name be a
/// `file:` URI (for a store on a read-only file system); must come before the process's first
/// connection. Returns SQLite's result code (SQLITE_MISUSE once SQLite is
/// initialised, and then nothing changes).
///
/// SQLite's `sqlite3_config` takes variable arguments, which Swift cannot call: hence this
/// function in C.
int gapwatch_sqlite_configure(void);

#endif
