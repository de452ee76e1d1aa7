namespace Fracture.Core.Metrics;

/// <summary>What a predictions file holds beyond its boxes (<see cref="DetectionPredictionsJson.ReadRows"/>).</summary>
/// <param name="Predictions">The box rows, as <see cref="DetectionPredictionsJson.Read"/> returns them.</param>
/// <param name="ClassNames">The "name" each class id carries in the box rows (ids without a name absent).</param>
/// <param name="ClassificationRows">Rows of a classifier's answer ("task": "classify", no box), skipped.</param>
public sealed record PredictionRows(IReadOnlyList<DetectionPrediction> Predictions, IReadOnlyDictionary<int, string> ClassNames, int ClassificationRows)
{
    /// <summary>
    /// Images named by an "error" row (`fracture predict` could not read them), with the error: no prediction on them
    /// says nothing about the model, so scoring leaves them out.
    /// </summary>
    public IReadOnlyDictionary<string, string> Unpredicted { get; init; } = new Dictionary<string, string>();
}
