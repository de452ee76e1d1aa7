namespace Fracture.Server.Contracts;

/// <summary>Where to fetch the prediction again, its input image (PNG) and its annotated image (PNG).</summary>
public sealed record PredictionLinks(string Self, string Image, string Annotated)
{
    public static PredictionLinks For(string id) =>
        new($"/api/v1/predictions/{id}", $"/api/v1/predictions/{id}/image", $"/api/v1/predictions/{id}/annotated");
}
