namespace Fracture.Training.Engine;

/// <summary>
/// Linear warm-up from a tenth of the peak to the peak, then cosine decay to <c>peak * finalFraction</c> at the
/// end of the last epoch. A pure function of training progress (in epochs), so a resumed run continues on the curve.
/// </summary>
public sealed record LearningRateSchedule(double Peak, double FinalFraction, double WarmupEpochs, int Epochs)
{
    private const double WarmupStartFraction = 0.1;

    public static LearningRateSchedule From(TrainOptions options) =>
        new(options.LearningRate, options.FinalLearningRateFraction, options.WarmupEpochs, options.Epochs);

    /// <param name="progress">Epochs done so far, fractional: 2.5 is halfway through the third epoch.</param>
    public double At(double progress)
    {
        progress = Math.Clamp(progress, 0, Epochs);
        var warmup = Math.Min(WarmupEpochs, Epochs);
        if (warmup > 0 && progress < warmup)
        {
            return Peak * (WarmupStartFraction + ((1 - WarmupStartFraction) * progress / warmup));
        }

        var span = Epochs - warmup;
        var t = span <= 0 ? 1 : (progress - warmup) / span;
        var final = Peak * FinalFraction;
        return final + ((Peak - final) * 0.5 * (1 + Math.Cos(Math.PI * t)));
    }
}
