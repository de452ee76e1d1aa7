namespace Fracture.Server.Storage;

/// <summary>
/// How much history the server keeps: at most <paramref name="MaxCount"/> predictions (0: no cap) and none older than
/// <paramref name="MaxAge"/> (<see cref="TimeSpan.Zero"/>: no age limit). Clinics must not keep patient images longer
/// than their rules allow, so both cut the images with their rows.
/// </summary>
public sealed record RetentionPolicy(int MaxCount, TimeSpan MaxAge)
{
    /// <summary>Keeps everything.</summary>
    public static RetentionPolicy KeepAll { get; } = new(0, TimeSpan.Zero);

    public bool LimitsCount => MaxCount > 0;

    public bool LimitsAge => MaxAge > TimeSpan.Zero;
}
