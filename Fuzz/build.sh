#!/bin/sh
# Builds the libFuzzer targets (not part of the package, never run by CI):
#   Fuzz/build.sh            → Fuzz/.build/fuzz-{html,json,date,io}
# Each module is compiled by swiftc with -sanitize=fuzzer,address, as SwiftPM would lay it out.
set -eu
cd "$(dirname "$0")/.."
OUT=Fuzz/.build
mkdir -p "$OUT"
SAN="-sanitize=fuzzer,address -parse-as-library -O -g -swift-version 6 -package-name newsfold"
module() {  # name, extra flags, sources...
    name=$1; shift; flags=$1; shift
    # shellcheck disable=SC2086
    swiftc $SAN $flags -module-name "$name" -I "$OUT" -wmo -emit-module -emit-module-path "$OUT/$name.swiftmodule" \
        -c -o "$OUT/$name.o" "$@"
}
# swift-collections' HeapModule (NewsfoldCore's one dependency) as SwiftPM builds it: linked,
# not instrumented (it parses nothing).
swift build -c release --target HeapModule >/dev/null
BIN=$(swift build -c release --show-bin-path)
HEAP="$OUT/libheap.a"  # an archive: some object names hold spaces
rm -f "$HEAP"
find "$BIN/HeapModule.build" "$BIN/InternalCollectionsUtilities.build" -name '*.o' -exec ar qc "$HEAP" {} +
module NewsfoldCore "-I $BIN/Modules" $(find Sources/NewsfoldCore -name '*.swift' | sort)
module NewsfoldExtract "-I $BIN/Modules -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2" $(find Sources/NewsfoldExtract -name '*.swift' | sort)
module NewsfoldIO "-I $BIN/Modules -I Sources/CZlib -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2" $(find Sources/NewsfoldIO -name '*.swift' | sort)
for t in html json date io; do
    rm -f "$OUT/fuzz-$t"
    # shellcheck disable=SC2086
    swiftc $SAN -I "$OUT" -I "$BIN/Modules" -I Sources/CZlib -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2 \
        "Fuzz/Targets/$t.swift" "$OUT/NewsfoldCore.o" "$OUT/NewsfoldExtract.o" "$OUT/NewsfoldIO.o" $HEAP \
        -lxml2 -lz -o "$OUT/fuzz-$t" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$OUT/fuzz-$t" ] || { echo "building fuzz-$t failed" >&2; exit 1; }
    echo "built $OUT/fuzz-$t"
done
