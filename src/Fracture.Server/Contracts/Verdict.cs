namespace Fracture.Server.Contracts;

/// <summary>The study-level call: a fracture is suspected when any model with an operating threshold says so.</summary>
public sealed record Verdict(bool FractureSuspected, IReadOnlyList<VerdictEvidence> Evidence);
