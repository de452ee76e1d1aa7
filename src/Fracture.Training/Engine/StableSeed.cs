namespace Fracture.Training.Engine;

/// <summary>
/// Seeds derived from (seed, epoch, batch) that are the same in every process. HashCode.Combine is randomised per
/// process, so a resumed run or a rerun saw other batches and augmentations than the first (found when a seeded
/// test gave a different loss in each process).
/// </summary>
public static class StableSeed
{
    /// <summary>Mixes the parts with SplitMix64 steps into a non-negative 31-bit seed.</summary>
    public static int Of(params ReadOnlySpan<int> parts)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            state = Mix(state ^ (uint)part);
        }

        return (int)(state >> 33);
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
