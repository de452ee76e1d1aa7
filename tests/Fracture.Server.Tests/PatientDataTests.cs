using System.Net;
using Fracture.Core.Imaging;
using Fracture.Server.Contracts;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// Patient data at rest: a DICOM's file (with its patient name, ID and birth date tags) is not kept unless
/// KeepDicomFiles asks for it, only its decoded image; and a data folder the server creates is its user's alone.
/// </summary>
public sealed class PatientDataTests : ServerTestBase
{
    [Fact]
    public async Task A_dicom_upload_is_stored_as_the_png_of_its_pixels_not_as_the_file_with_its_tags()
    {
        var prediction = await PostDicomAsync(Client);

        var stored = Assert.Single(StoredImageFiles());
        Assert.Equal(prediction.Image.Sha256 + ".png", Path.GetFileName(stored));
        Assert.False(IsDicom(File.ReadAllBytes(stored)));
        Assert.Equal("dicom", prediction.Image.Format);

        // Read back as before: the windowed image, pixel for pixel the source JPEG's grey values.
        using var image = await Client.GetAsync(new Uri(prediction.Links.Image, UriKind.Relative));
        var png = ImageDecoder.Decode(await image.Content.ReadAsByteArrayAsync(), new DecodeOptions(PixelFormat.Gray8));
        var source = ImageDecoder.Decode(File.ReadAllBytes(TestPaths.DicomSource), new DecodeOptions(PixelFormat.Gray8));
        Assert.Equal(source.Pixels, png.Pixels);
        using var annotated = await Client.GetAsync(new Uri(prediction.Links.Annotated, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, annotated.StatusCode);

        // Deleting the prediction deletes the PNG.
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync(new Uri(prediction.Links.Self, UriKind.Relative))).StatusCode);
        Assert.Empty(StoredImageFiles());
    }

    [Fact]
    public async Task With_keep_dicom_files_the_dicom_is_stored_as_sent()
    {
        using var factory = new ServerFactory(DataDirectory, new() { ["Fracture:Server:KeepDicomFiles"] = "true" });
        using var client = factory.CreateClient();
        var prediction = await PostDicomAsync(client);

        var stored = Assert.Single(StoredImageFiles());
        Assert.Equal(prediction.Image.Sha256 + ".dcm", Path.GetFileName(stored));
        Assert.Equal(File.ReadAllBytes(TestPaths.DicomFixture), File.ReadAllBytes(stored));
        using var image = await client.GetAsync(new Uri(prediction.Links.Image, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // Unix file modes; the server runs on Linux
    public async Task A_data_folder_the_server_creates_is_readable_by_its_user_only()
    {
        var folder = Path.Combine(DataDirectory, "new-data");
        using var factory = new ServerFactory(folder);
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(new Uri("/readyz", UriKind.Relative))).StatusCode);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(folder));
    }

    private static async Task<Prediction> PostDicomAsync(HttpClient client)
    {
        using var response = await Uploads.PostAsync(client, File.ReadAllBytes(TestPaths.DicomFixture), "study.dcm", task: "classify");
        return await Uploads.ReadPredictionAsync(response);
    }

    private static bool IsDicom(byte[] data) => data.Length > 132 && data.AsSpan(128, 4).SequenceEqual("DICM"u8);

    private IEnumerable<string> StoredImageFiles()
    {
        var images = Path.Combine(DataDirectory, "images");
        return Directory.Exists(images) ? Directory.EnumerateFiles(images, "*", SearchOption.AllDirectories).ToList() : [];
    }
}
