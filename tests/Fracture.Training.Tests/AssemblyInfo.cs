// libtorch already uses both cores of the build machine; test classes running side by side would only contend
// and make the printed timings meaningless.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
