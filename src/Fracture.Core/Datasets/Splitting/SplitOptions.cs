using Fracture.Core.Datasets.Similarity;

namespace Fracture.Core.Datasets.Splitting;

/// <summary>How `fracture dataset split` divides the pooled images.</summary>
/// <param name="GroupByStem">Keep images that share a Roboflow stem together: copies of one source always share it;
/// different X-rays that share a generic stem are kept together too, which costs nothing but balance.</param>
public sealed record SplitOptions(double Train = 0.8, double Val = 0.1, double Test = 0.1, int Seed = 0, bool GroupByStem = true)
{
    public NearDuplicateOptions NearDuplicates { get; init; } = new();

    public int DecodeMaxSide { get; init; } = 256;

    public void Validate()
    {
        // Written as what must hold, so NaN (which fails every comparison) is refused too. Training needs a val split;
        // a test split may be left empty.
        if (!(Train > 0 && Val > 0 && Test >= 0 && Math.Abs(Train + Val + Test - 1) <= 1e-6))
        {
            throw new DatasetException($"split fractions must sum to 1, train and val above 0 and test 0 or more (got {Train}/{Val}/{Test})");
        }
    }
}
