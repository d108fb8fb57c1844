#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers would then pull in ICU's C headers, which
   clash with the ICU copy inside Foundation on Linux. Newsfold needs none of ICU's API. */
#undef LIBXML_ICU_ENABLED
#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/parser.h>
