#ifndef PATHSCAN_CSQLITE_SHIM_H
#define PATHSCAN_CSQLITE_SHIM_H
#include <sqlite3.h>
#endif
