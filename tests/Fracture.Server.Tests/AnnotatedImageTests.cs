using System.Net;
using Fracture.Server.Predictions;
using Fracture.Server.Tests.Support;

namespace Fracture.Server.Tests;

/// <summary>
/// /annotated draws what the verdict counts (each finding at its model's operating threshold), not every finding a
/// low-confidence upload stored; a <c>conf</c> query asks for another bound.
/// </summary>
public sealed class AnnotatedImageTests : ServerTestBase
{
    [Fact]
    public async Task The_annotated_image_draws_the_findings_at_threshold_whatever_confidence_the_upload_asked_for()
    {
        var low = await PostFixtureAsync(0, conf: "0.01");
        var threshold = Assert.Single(low.Verdict.Evidence, e => e.Task != "classify").Threshold;
        var atThreshold = await PostFixtureAsync(0, conf: threshold.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(low.Findings.Count > PredictionBuilder.AtThreshold(low).Count(), "the fixture must have findings below the threshold");
        Assert.Equal(PredictionBuilder.AtThreshold(low).Count(), atThreshold.Findings.Count);

        var drawnLow = await Client.GetByteArrayAsync(new Uri(low.Links.Annotated, UriKind.Relative));
        var drawnAtThreshold = await Client.GetByteArrayAsync(new Uri(atThreshold.Links.Annotated, UriKind.Relative));
        var drawnAll = await Client.GetByteArrayAsync(new Uri(low.Links.Annotated + "?conf=0.01", UriKind.Relative));

        Assert.Equal(drawnAtThreshold, drawnLow);
        Assert.NotEqual(drawnLow, drawnAll);
    }

    [Fact]
    public async Task A_bad_conf_query_is_400()
    {
        var prediction = await PostFixtureAsync(0, task: "classify");
        using var response = await Uploads.GetAsync(Client, prediction.Links.Annotated + "?conf=2");
        await Problems.AssertProblemAsync(response, HttpStatusCode.BadRequest);
    }
}
