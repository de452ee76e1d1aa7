using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Fracture.Server.Contracts;
using Fracture.Server.Storage;

namespace Fracture.Server.Tests.Support;

/// <summary>Multipart bodies as a browser or curl sends them, posting them to the prediction endpoint, and reading the answer.</summary>
internal static class Uploads
{
    public const string Endpoint = "/api/v1/predictions";

    public static MultipartFormDataContent Form(byte[] data, string fileName = "xray.jpg", string? task = null, string? conf = null, string contentType = "image/jpeg", string? flipFusion = null)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(data);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "image", fileName);
        if (task is not null)
        {
            form.Add(new StringContent(task), "task");
        }

        if (conf is not null)
        {
            form.Add(new StringContent(conf), "conf");
        }

        if (flipFusion is not null)
        {
            form.Add(new StringContent(flipFusion), "flipFusion");
        }

        return form;
    }

    public static Task<HttpResponseMessage> PostAsync(HttpClient client, byte[] data, string fileName = "xray.jpg", string? task = null, string? conf = null, string? flipFusion = null) =>
        client.PostAsync(new Uri(Endpoint, UriKind.Relative), Form(data, fileName, task, conf, flipFusion: flipFusion));

    public static Task<HttpResponseMessage> GetAsync(HttpClient client, string path) => client.GetAsync(new Uri(path, UriKind.Relative));

    /// <summary>The prediction in an answer that must have <paramref name="status"/> (201 for an upload); else fails with the body.</summary>
    public static async Task<Prediction> ReadPredictionAsync(HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.Created)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<Prediction>(body, ServerJson.Options)!;
    }
}
