namespace Fracture.Server.Contracts;

/// <summary>
/// One model's vote: a classifier's fracture probability, or a detector's / segmenter's highest finding confidence
/// (0 when it found nothing), against the model's operating threshold from its metadata.
/// </summary>
/// <param name="Task">"classify", "detect" or "segment".</param>
public sealed record VerdictEvidence(string Model, string Task, double Score, double Threshold, bool Suspected);
