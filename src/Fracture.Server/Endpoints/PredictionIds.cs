namespace Fracture.Server.Endpoints;

/// <summary>Prediction ids: 32 lower-case hex digits (a GUID in "N" format).</summary>
public static class PredictionIds
{
    public static bool IsValid(string? id) =>
        id is { Length: 32 } && id.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');
}
