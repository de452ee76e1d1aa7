namespace Fracture.Server.Predictions;

/// <summary>What a prediction request asks for: every loaded model, or one task's model.</summary>
public enum PredictionTask
{
    All,
    Classify,
    Detect,
    Segment,
}
