// Benchmarks: see README.md of the package.
