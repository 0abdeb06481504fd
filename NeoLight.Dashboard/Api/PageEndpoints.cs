using NeoLight.Contracts;
using NeoLight.Dashboard.Page;
using NeoLight.Http;

namespace NeoLight.Dashboard.Api;

/// <summary>
/// The web page (a static HTML page and its script, wwwroot/) and the three endpoints it uses: the view as JSON, the same view
/// as a live stream of server-sent events, and the kill switch, which the dashboard forwards to the risk engine with its key.
/// </summary>
public static class PageEndpoints
{
    public static WebApplication MapPageEndpoints(this WebApplication app)
    {
        app.MapGet("/", Root).ExcludeFromDescription();

        var page = app.MapGroup("/page").WithTag("page", "What the web page shows, live, and its kill switch");
        page.MapGet("/view", (PageFeed feed) => TypedResults.Text(feed.Current(), "application/json"))
            .Produces<PageDocument>().WithSummary("Everything the web page shows, as one document");
        page.MapGet("/events", Events)
            .Produces<PageDocument>(StatusCodes.Status200OK, "text/event-stream").ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("The page's document now and after each change (at most once a second), as server-sent events 'view'");
        page.MapPost("/kill-switch", KillSwitchAsync)
            .Describe<KillSwitchRequest>("Halts or resumes trading from the page: forwarded to the risk engine with the dashboard's key")
            .WithRequestExample(SeedRequests.KillSwitch);
        return app;
    }

    /// <summary>
    /// GET / is the web page for a browser and the JSON service document for everything else (the original's root answered
    /// JSON), decided by the Accept header.
    /// </summary>
    private static IResult Root(HttpRequest request, IWebHostEnvironment environment)
    {
        if (!request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Text(ServiceDocument, "application/json");
        var file = environment.WebRootFileProvider.GetFileInfo("index.html");
        if (!file.Exists) return ApiProblem.Of(StatusCodes.Status404NotFound, "No page", "the page (wwwroot/index.html) is not deployed");
        request.HttpContext.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Stream(file.CreateReadStream(), "text/html; charset=utf-8");
    }

    private static IResult Events(HttpContext http, PageFeed feed, IHostApplicationLifetime lifetime)
    {
        if (!feed.TryOpen())
            return ApiProblem.RetryLater(http.Response, "page",
                $"{PageFeed.MaxStreams} pages are open already; close one or retry after the delay");
        // A stream ends when the page goes or the dashboard stops (an open page must not hold up the shutdown; the page's
        // EventSource reconnects to the next start by itself).
        var ended = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        http.Response.OnCompleted(() =>
        {
            ended.Dispose();
            feed.Close();
            return Task.CompletedTask;
        });
        return TypedResults.ServerSentEvents(feed.Stream(ended.Token));
    }

    private static async Task<Results<Ok<KillSwitchAnswer>, ProblemHttpResult>> KillSwitchAsync(HttpRequest request,
        RiskEngineControl control)
    {
        var body = await JsonBody.ReadAsync(request, NeoLightJsonContext.Default.KillSwitchRequest);
        if (body.Problem is { } invalid) return invalid;
        var outcome = await control.SetKillSwitchAsync(body.Value!, request.HttpContext.RequestAborted);
        if (outcome.Done) return TypedResults.Ok(new KillSwitchAnswer { Halted = body.Value!.Halted == true, Message = outcome.Message });
        if (outcome.Status == StatusCodes.Status503ServiceUnavailable)
            return ApiProblem.RetryLater(request.HttpContext.Response, outcome.Field ?? "risk-engine", outcome.Message);
        return ApiProblem.Of(outcome.Status, outcome.Status == StatusCodes.Status502BadGateway ? "Refused by the risk engine"
            : "Invalid request", outcome.Message, outcome.Field);
    }

    private const string ServiceDocument = """
        {"service":"NeoLight Dashboard","version":"1.0.0","endpoints":["GET /health","GET /alive","GET /status","GET /meta/metrics",
        "POST /meta/metrics","GET /meta/metrics/history","GET /meta/performance","POST /meta/performance","GET /meta/regime",
        "POST /meta/regime","GET /governor/allocations","POST /governor/allocations","POST /atlas/update","GET /page/view",
        "GET /page/events","POST /page/kill-switch","GET / (HTML for browsers)"]}
        """;
}
