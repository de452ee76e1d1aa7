namespace Fracture.Core.Models;

/// <summary>How an image is brought to the model's input size.</summary>
public enum ResizeMode
{
    /// <summary>Keep the aspect ratio, pad the rest (Ultralytics' detect and segment; every Fracture model).</summary>
    Letterbox,

    /// <summary>Scale the shorter side to the input size and cut the centre out (Ultralytics' classify).</summary>
    CenterCrop,
}
