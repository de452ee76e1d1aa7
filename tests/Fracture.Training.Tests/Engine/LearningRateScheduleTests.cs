using Fracture.Training.Engine;

namespace Fracture.Training.Tests.Engine;

public sealed class LearningRateScheduleTests
{
    private static readonly LearningRateSchedule Schedule = new(Peak: 0.01, FinalFraction: 0.1, WarmupEpochs: 2, Epochs: 10);

    [Theory]
    [InlineData(0, 0.001)] // warm-up starts at a tenth of the peak
    [InlineData(1, 0.0055)] // halfway: 0.1 + 0.9 * 0.5 = 0.55 of the peak
    [InlineData(2, 0.01)] // peak at the end of warm-up
    [InlineData(6, 0.0055)] // cosine halfway from 0.01 to 0.001: 0.001 + 0.009 * 0.5
    [InlineData(10, 0.001)] // final = peak * 0.1
    [InlineData(12, 0.001)] // clamped past the end
    public void Warmup_then_cosine_golden_values(double progress, double expected) =>
        Assert.Equal(expected, Schedule.At(progress), 12);

    [Fact]
    public void Without_warmup_it_starts_at_the_peak_and_decreases()
    {
        var schedule = new LearningRateSchedule(0.1, 0.01, 0, 4);
        Assert.Equal(0.1, schedule.At(0), 12);
        Assert.True(schedule.At(1) > schedule.At(2));
        Assert.Equal(0.001, schedule.At(4), 12);
    }
}
