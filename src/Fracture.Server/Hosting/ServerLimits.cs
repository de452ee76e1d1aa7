using System.Globalization;
using System.Threading.RateLimiting;
using Fracture.Server.Errors;
using Fracture.Server.Options;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Fracture.Server.Hosting;

/// <summary>
/// How much prediction work the server takes on: ASP.NET Core's concurrency limiter lets
/// <see cref="ServerOptions.MaxConcurrentPredictions"/> run with a queue of <see cref="ServerOptions.QueueLimit"/>
/// (one more: 429), and the request timeout (<see cref="ServerOptions.RequestTimeoutSeconds"/>, queueing included)
/// answers 504. Both answer with ProblemDetails.
/// </summary>
public static class ServerLimits
{
    /// <summary>The rate-limiter and timeout policy name of the prediction endpoint.</summary>
    public const string PredictionPolicy = "predictions";

    public static IServiceCollection AddServerLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "1";
                return new ValueTask(ProblemWriter.WriteAsync(
                    context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests", "the prediction queue is full; try again shortly"));
            };
            limiter.AddPolicy(PredictionPolicy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ServerOptions>>().Value;
                return RateLimitPartition.GetConcurrencyLimiter(PredictionPolicy, _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = options.MaxConcurrentPredictions,
                    QueueLimit = options.QueueLimit,
                    QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
                });
            });
        });

        services.AddRequestTimeouts();
        services.AddOptions<RequestTimeoutOptions>().Configure<IOptions<ServerOptions>>((timeouts, server) =>
        {
            var seconds = server.Value.RequestTimeoutSeconds;
            timeouts.AddPolicy(PredictionPolicy, new RequestTimeoutPolicy
            {
                Timeout = TimeSpan.FromSeconds(seconds),
                TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
                WriteTimeoutResponse = context => ProblemWriter.WriteAsync(
                    context,
                    StatusCodes.Status504GatewayTimeout,
                    "Prediction timed out",
                    string.Create(CultureInfo.InvariantCulture, $"the prediction did not finish within {seconds:0.###} s (queueing included)")),
            });
        });
        return services;
    }
}
