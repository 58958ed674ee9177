#include <sqlite3.h>
#include "SQLiteThreading.h"

int gapwatch_sqlite_configure(void) {
    int threading = sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    int statistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
    int uri = sqlite3_config(SQLITE_CONFIG_URI, 1);
    return threading != SQLITE_OK ? threading : statistics != SQLITE_OK ? statistics : uri;
}
