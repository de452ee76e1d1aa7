namespace Fracture.Cli.Predict;

/// <summary>What a predict run did: the predicted images and the skipped ones, each in source order.</summary>
/// <param name="SaveFailure">Why `--save` stopped writing annotated PNGs part way (the first write that failed); null when it did not.</param>
internal sealed record PredictOutcome(IReadOnlyList<PredictedImage> Predicted, IReadOnlyList<SkippedInput> Skipped, int IgnoredFiles, int EarlierOutputs = 0, string? SaveFailure = null);
