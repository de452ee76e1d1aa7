using Fracture.Core.Metrics;

namespace Fracture.Core.Tests.Metrics;

public sealed class QuantileTests
{
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.25, 2.5)] // position 0.25 of the way from 0 to 10
    [InlineData(0.5, 5.0)]
    [InlineData(1.0, 10.0)]
    public void Two_values_interpolate_linearly(double q, double expected) =>
        Assert.Equal(expected, Quantile.Linear([0.0, 10.0], q), 12);

    [Fact]
    public void Positions_fall_between_order_statistics()
    {
        // n = 5: q = 0.1 is position 0.4, between 1 and 2; q = 0.9 is position 3.6, between 4 and 8.
        double[] sorted = [1, 2, 3, 4, 8];

        Assert.Equal(1.4, Quantile.Linear(sorted, 0.1), 12);
        Assert.Equal(6.4, Quantile.Linear(sorted, 0.9), 12);
    }

    [Fact]
    public void No_values_or_a_quantile_outside_0_to_1_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Linear([], 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Linear([1.0], 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => Quantile.Linear([1.0], double.NaN));
    }
}
