namespace Fracture.Server.Contracts;

/// <summary>
/// One stored prediction: the image, every finding at or above <see cref="Confidence"/>, the classifier's answer,
/// the study-level verdict, the models that made it and how long each step took. Coordinates are pixels of the
/// uploaded image (after EXIF orientation).
/// </summary>
/// <param name="Id">32 lower-case hex digits (a GUID in "N" format).</param>
/// <param name="Task">"all", "detect", "segment" or "classify": what was asked for.</param>
/// <param name="Confidence">The findings' lower bound in effect (the request's <c>conf</c> or the server default).</param>
/// <param name="Classification">Null when no classifier ran.</param>
public sealed record Prediction(
    string Id,
    DateTime CreatedUtc,
    PredictedImage Image,
    string Task,
    double Confidence,
    Verdict Verdict,
    IReadOnlyList<PredictionFinding> Findings,
    Classification? Classification,
    IReadOnlyList<ModelVersion> Models,
    PredictionTimings Timings,
    PredictionLinks Links);
