namespace Fracture.Cli;

/// <summary>Process exit codes of `fracture`.</summary>
public static class ExitCodes
{
    public const int Ok = 0;

    /// <summary>Bad input: a missing file, a malformed dataset, an invalid option value.</summary>
    public const int BadInput = 1;

    /// <summary>
    /// Some inputs failed (e.g. `predict` met corrupt images): each was reported with its reason, the others were
    /// processed and every output was written.
    /// </summary>
    public const int SomeInputsFailed = 2;

    /// <summary>An unexpected failure (a bug): the stack trace is printed.</summary>
    public const int Crash = 70;
}
