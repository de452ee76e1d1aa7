namespace Fracture.Dicom;

/// <summary>How a worker run ended: its exit code (null when it was stopped for taking too long) and the last line it wrote to stderr.</summary>
internal sealed record WorkerOutcome(int? ExitCode, string Message);
