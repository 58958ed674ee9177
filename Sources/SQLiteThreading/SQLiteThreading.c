#include <sqlite3.h>
#include "SQLiteThreading.h"

int gapwatch_sqlite_use_multithread_mode(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    int statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    return threading != SQLITE_OK ? threading : statistics;
}
