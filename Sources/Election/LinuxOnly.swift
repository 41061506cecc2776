// swift-election builds and is tested on Linux only: the live runtime (sockets, ppoll,
// signals, file locks) calls Glibc directly and has no Darwin path. Rather than leave a Mac
// user with a screenful of "no such module 'Glibc'", the build stops here with what to do.
#if !os(Linux)
#error("swift-election builds and is tested on Linux only. On a Mac, run it in the official Swift Linux container: docker run --rm -it -v \"$PWD\":/src -w /src swift:6.3 swift run -c release election-bench (README, 'On a Mac').")
#endif
