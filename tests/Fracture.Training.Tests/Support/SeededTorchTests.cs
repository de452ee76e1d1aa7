namespace Fracture.Training.Tests.Support;

/// <summary>
/// Tests whose outcome rests on torch's global random generator (seeded, then drawn from by weight initialisation).
/// xunit runs test classes in parallel, and any other class creating a model draws from the same generator, so the
/// weights such a test starts from depended on timing: the overfit test failed under load and passed alone. This
/// collection runs alone, after the parallel ones, so the seed gives the same start every time, and on the same
/// number of libtorch threads on every machine (<see cref="TorchThreads"/>).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SeededTorchTests : ICollectionFixture<TorchThreads>
{
    public const string Name = "seeded torch";
}
