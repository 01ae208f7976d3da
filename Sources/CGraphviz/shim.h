#ifndef PATHSCAN_CGRAPHVIZ_SHIM_H
#define PATHSCAN_CGRAPHVIZ_SHIM_H
#include <graphviz/gvc.h>
#include <graphviz/cgraph.h>
#endif
