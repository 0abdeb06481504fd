using System.Threading.RateLimiting;
using NeoLight.Contracts;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;
using NeoLight.Http;
using NeoLight.ServiceDefaults;

namespace NeoLight.RiskEngine.Api;

/// <summary>The risk-engine section of API.md: each handler reads, checks, calls the desk, and translates back.</summary>
public static class RiskEndpoints
{
    private static readonly System.Diagnostics.Metrics.Histogram<double> EvaluationDuration =
        NeoLightInstruments.Meter.CreateHistogram<double>("neolight.risk.evaluation.duration", "ms", "Time to evaluate a book, by method");
    private static readonly System.Diagnostics.Metrics.Counter<long> Validations =
        NeoLightInstruments.Meter.CreateCounter<long>("neolight.risk.validations",
            description: "Orders vetted, by outcome and failing check");

    public static WebApplication MapRiskEndpoints(this WebApplication app)
    {
        var risk = app.MapGroup("/risk")
            .WithTag("risk", "The risk of a book, pre-trade checks, stress scenarios, market prices, the kill switch");
        // Open: without "book" it is a what-if that records nothing; naming a live book (which records) needs the API key.
        risk.MapPost("/evaluate", EvaluateAsync)
            .Describe<RiskEvaluateRequest>("Prices the risk of a book; records its figures and drawdown when it names a live book")
            .WithMetadata(new ApiKeyWhen("only when the request names a live book")).AdmitsHeavyWork()
            .WithRequestExample(SeedRequests.Evaluate);
        risk.MapPost("/validate", ValidateAsync)
            .Describe<TradeValidationRequest>("Vets an order before it is placed; changes nothing")
            .WithRequestExample(SeedRequests.Validate);
        risk.MapGet("/state",
            (RiskDesk desk) => TypedResults.Ok(desk.State()))
            .WithSummary("The last evaluation's figures, the drawdown and the kill switch");
        risk.MapPost("/stress", Stress).Describe<StressRequest>("Applies stress scenarios to a book")
            .WithRequestExample(SeedRequests.Stress);
        risk.MapPost("/prices", PricesAsync).RequireApiKey()
            .Describe<PricesRequest>("Records market prices as the engine's return history").WithRequestExample(SeedRequests.Prices);
        risk.MapPost("/reset", ResetBookAsync).RequireApiKey()
            .Describe<BookResetRequest>("Starts a new session of a live book: its tracked drawdown is forgotten")
            .WithRequestExample(SeedRequests.BookReset);
        risk.MapPost("/kill-switch", KillSwitchAsync).RequireApiKey()
            .Describe<KillSwitchRequest>("Halts or resumes trading on every replica").WithRequestExample(SeedRequests.KillSwitch);
        app.MapGet("/", () => TypedResults.Text(ServiceDocument, "application/json")).Produces<ServiceDocumentDto>()
            .WithTag("service", "What this service is and the endpoints it serves").WithSummary("Names the service and its endpoints");
        return app;
    }

    private const string ServiceDocument = """
        {"service":"NeoLight Risk Engine","version":"1.0.0","endpoints":["GET /health","GET /alive","POST /risk/evaluate",
        "POST /risk/validate","GET /risk/state","POST /risk/stress","POST /risk/prices","POST /risk/kill-switch","POST /risk/reset",
        "POST /risk/backtest",
        "POST /risk/performance"]}
        """;

    private static async Task<Results<Ok<RiskEvaluateResponse>, ProblemHttpResult>> EvaluateAsync(Checked<EvaluateCommand> request,
        HttpRequest http, RiskDesk desk, IDrawdownStore drawdown)
    {
        var command = request.Command;
        if (command.BookName is not null && ApiKeys.Refusal(http.HttpContext) is { } refused) return refused;
        return await RunEvaluationAsync(desk, drawdown, command, http.HttpContext.RequestAborted);
    }

    private static async ValueTask<Results<Ok<RiskEvaluateResponse>, ProblemHttpResult>> RunEvaluationAsync(RiskDesk desk,
        IDrawdownStore drawdown, EvaluateCommand command,
        CancellationToken cancellationToken)
    {
        using var activity = NeoLightInstruments.ActivitySource.StartActivity("risk.evaluate");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        RiskReport report;
        try
        {
            report = desk.Assess(command.Book, command.PortfolioValue, command.Settings, command.Returns);
        }
        catch (NonFiniteRiskException)
        {
            return ApiProblem.Invalid("positions", "the book's risk figures overflow a double for these quantities, prices and returns");
        }
        EvaluationOutcome outcome;
        if (command.BookName is not { } bookName) outcome = desk.WhatIf(command.Book, command.PortfolioValue, report, command.EquityCurve);
        else
        {
            DrawdownTracker? shared;
            try
            {
                shared = await drawdown.AddAsync(bookName, command.PortfolioValue, cancellationToken);
            }
            catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
            {
                return NotPersisted("the shared drawdown tracker could not be updated; nothing was recorded, retry");
            }
            outcome = desk.Record(bookName, command.Book, command.PortfolioValue, report, command.EquityCurve, shared);
        }
        var method = RiskNames.Of(outcome.Report.Method);
        EvaluationDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string,
            object?>("method", method));
        if (activity is not null)
        {
            activity.SetTag("neolight.method", method);
            activity.SetTag("neolight.model_source", RiskNames.Of(outcome.Report.Source));
            activity.SetTag("neolight.var_99", outcome.Report.At99.VaR);
            activity.SetTag("neolight.positions", command.Book.Positions.Count);
        }
        return TypedResults.Ok(RiskResponses.Evaluation(outcome));
    }

    private static async Task<Results<Ok<TradeValidationResponse>, ProblemHttpResult>> ValidateAsync(Checked<TradeCheckCommand> request,
        HttpRequest http, RiskDesk desk, IKillSwitch killSwitch, IDrawdownStore drawdown, TimeProvider time)
    {
        var command = request.Command;
        try
        {
            await killSwitch.EnsureCurrentAsync(http.HttpContext.RequestAborted);
            await drawdown.EnsureCurrentAsync(command.BookName, http.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            return ApiProblem.RetryLater(http.HttpContext.Response, "kill_switch",
                "the shared kill switch could not be confirmed, so no order is approved; retry after the delay");
        }

        using var activity = NeoLightInstruments.ActivitySource.StartActivity("risk.validate");
        var verdict = desk.Validate(command.Order, command.PortfolioValue, command.CurrentBook, command.MaxDrawdown,
            command.CurrentDrawdown, command.BookName);
        var failed = verdict.Checks.FirstOrDefault(c => !c.Passed).Name ?? "none";
        Validations.Add(1, new KeyValuePair<string, object?>("outcome", verdict.Approved ? "approved" : "rejected"),
            new KeyValuePair<string, object?>("check", failed));
        activity?.SetTag("neolight.symbol", command.Order.Symbol);
        activity?.SetTag("neolight.approved", verdict.Approved);
        activity?.SetTag("neolight.failed_check", failed);
        return TypedResults.Ok(RiskResponses.Validation(verdict, time.GetUtcNow()));
    }

    private static Ok<StressResponse> Stress(Checked<StressCommand> request, TimeProvider time)
    {
        var command = request.Command;
        var outcomes = command.Scenarios.Select(s => StressTester.Run(command.Book, command.PortfolioValue, s)).ToArray();
        return TypedResults.Ok(RiskResponses.Stress(outcomes, time.GetUtcNow()));
    }

    private static async Task<Results<Ok<PricesResponse>, ProblemHttpResult>> PricesAsync(Checked<PricesCommand> request,
        HttpRequest http, RiskDesk desk, IPriceRecorder recorder, TimeProvider time)
    {
        var observations = request.Command.Observations;
        int recorded, stale;
        try
        {
            (recorded, stale) = await recorder.RecordAsync(observations, http.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NotPersisted("the price history could not be written to disk; the prices are kept in memory and the write is retried");
        }

        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (symbol, _, _) in observations) counts[symbol] = desk.History.ObservationsOf(symbol);
        return TypedResults.Ok(new PricesResponse { Accepted = recorded, Ignored = stale, Observations = counts,
            Timestamp = time.GetUtcNow() });
    }

    private static async Task<Results<Ok<RiskStateResponse>, ProblemHttpResult>> KillSwitchAsync(Checked<KillSwitchCommand> request,
        HttpRequest http, RiskDesk desk, IKillSwitch killSwitch, RiskStatePersister persister)
    {
        try
        {
            await killSwitch.SetAsync(request.Command.Halted, request.Command.Reason, http.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            return NotPersisted("the shared kill switch could not be written; nothing changed, retry");
        }
        if (await Persisted(persister, desk.Version, http.HttpContext.RequestAborted) is { } unavailable) return unavailable;
        return TypedResults.Ok(desk.State());
    }

    private static async Task<Results<Ok<RiskStateResponse>, ProblemHttpResult>> ResetBookAsync(Checked<BookResetCommand> request,
        HttpRequest http, RiskDesk desk, IDrawdownStore drawdown, RiskStatePersister persister)
    {
        var book = request.Command.Book;
        try
        {
            await drawdown.ResetAsync(book, http.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            return NotPersisted("the shared drawdown tracker could not be reset; nothing changed, retry");
        }
        desk.ResetBook(book);
        if (await Persisted(persister, desk.Version, http.HttpContext.RequestAborted) is { } unavailable) return unavailable;
        return TypedResults.Ok(desk.State());
    }

    /// <summary>Waits until the change is on disk: a 2xx for accepted data means it is stored.</summary>
    private static async Task<ProblemHttpResult?> Persisted(RiskStatePersister persister, long version, CancellationToken cancellationToken)
    {
        try
        {
            await persister.WaitForAsync(version, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return NotPersisted("the risk state could not be written to disk; the change is kept in memory and will be retried");
        }
    }

    private static ProblemHttpResult NotPersisted(string why) =>
        ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "State not persisted", "state: " + why, "state");
}
