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
module NewsfoldCore "" $(find Sources/NewsfoldCore -name '*.swift' | sort)
module NewsfoldExtract "-I Sources/CLibXML2 -Xcc -I/usr/include/libxml2" $(find Sources/NewsfoldExtract -name '*.swift' | sort)
module NewsfoldIO "-I Sources/CZlib -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2" $(find Sources/NewsfoldIO -name '*.swift' | sort)
for t in html json date io; do
    rm -f "$OUT/fuzz-$t"
    swiftc $SAN -I "$OUT" -I Sources/CZlib -I Sources/CLibXML2 -Xcc -I/usr/include/libxml2 \
        "Fuzz/Targets/$t.swift" "$OUT/NewsfoldCore.o" "$OUT/NewsfoldExtract.o" "$OUT/NewsfoldIO.o" \
        -lxml2 -lz -o "$OUT/fuzz-$t" 2>&1 | grep -v "Cannot export local symbol" || true
    [ -x "$OUT/fuzz-$t" ] || { echo "building fuzz-$t failed" >&2; exit 1; }
    echo "built $OUT/fuzz-$t"
done
