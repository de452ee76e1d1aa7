using System.Net.Http.Headers;

namespace Fracture.Server.Tests.Support;

/// <summary>Multipart bodies as a browser or curl sends them, and posting them to the prediction endpoint.</summary>
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
}
