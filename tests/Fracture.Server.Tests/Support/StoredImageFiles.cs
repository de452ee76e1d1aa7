namespace Fracture.Server.Tests.Support;

/// <summary>The image files a server stored under its data folder (<c>images/</c>, any depth); none when the folder is absent.</summary>
internal static class StoredImageFiles
{
    public static List<string> In(string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "images");
        return Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)] : [];
    }
}
