using NeoLight.Contracts;
using NeoLight.RiskEngine.Engine;
using NeoLight.Risk;
using NeoLight.ServiceDefaults;

namespace NeoLight.RiskEngine.Api;

/// <summary>The risk-engine section of API.md: each handler reads, checks, calls the desk, and translates back.</summary>
public static class RiskEndpoints
{
    private static NeoLightJsonContext Json => NeoLightJsonContext.Default;
    private static readonly System.Diagnostics.Metrics.Histogram<double> EvaluationDuration =
        NeoLightTelemetry.Meter.CreateHistogram<double>("neolight.risk.evaluation.duration", "ms", "Time to evaluate a book, by method");
    private static readonly System.Diagnostics.Metrics.Counter<long> Validations =
        NeoLightTelemetry.Meter.CreateCounter<long>("neolight.risk.validations", description: "Orders vetted, by outcome and failing check");

    public static WebApplication MapRiskEndpoints(this WebApplication app)
    {
        var risk = app.MapGroup("/risk");
        risk.MapPost("/evaluate", EvaluateAsync).RequireApiKey() // it records the book's figures and drawdown
            .Describe<RiskEvaluateRequest, RiskEvaluateResponse>("Prices the risk of a book and records its figures");
        risk.MapPost("/validate", ValidateAsync)
            .Describe<TradeValidationRequest, TradeValidationResponse>("Vets an order before it is placed; changes nothing");
        risk.MapGet("/state", (RiskDesk desk) => TypedResults.Json(desk.Snapshot(), Json.RiskStateResponse))
            .Produces<RiskStateResponse>().WithSummary("The last evaluation's figures, the drawdown and the kill switch");
        risk.MapPost("/stress", StressAsync).Describe<StressRequest, StressResponse>("Applies stress scenarios to a book");
        risk.MapPost("/prices", PricesAsync).RequireApiKey()
            .Describe<PricesRequest, PricesResponse>("Records market prices as the engine's return history");
        risk.MapPost("/kill-switch", KillSwitchAsync).RequireApiKey()
            .Describe<KillSwitchRequest, RiskStateResponse>("Halts or resumes trading on every replica");
        app.MapGet("/", () => TypedResults.Text(ServiceDocument, "application/json"));
        return app;
    }

    private const string ServiceDocument = """
        {"service":"NeoLight Risk Engine","version":"1.0.0","endpoints":["GET /health","GET /alive","POST /risk/evaluate","POST /risk/validate","GET /risk/state","POST /risk/stress","POST /risk/prices","POST /risk/kill-switch","POST /risk/backtest","POST /risk/performance"]}
        """;

    private static async Task<IResult> EvaluateAsync(HttpRequest http, RiskDesk desk, BoundedWorkerPool pool, IDrawdownStore drawdown)
    {
        var body = await JsonBody.ReadAsync(http, Json.RiskEvaluateRequest);
        if (body.Problem is not null) return body.Problem;
        if (EvaluateRequestReader.Read(body.Value!, desk.Limits, out var command) is { } problem) return problem;
        var (work, heavyField) = command.Work;
        var aborted = http.HttpContext.RequestAborted;
        if (work < RequestRules.HeavyWork) return await RunEvaluationAsync(desk, drawdown, command, aborted);
        using var turn = await pool.TryEnterAsync(http.HttpContext.RequestAborted);
        if (turn is null)
            return ApiProblem.RetryLater(heavyField, $"every worker ({pool.Workers}) is busy with a heavy evaluation and {pool.QueueLength} "
                + "wait; nothing was recorded, retry after the delay (RISK_WORKERS, RISK_WORK_QUEUE)");
        return await RunEvaluationAsync(desk, drawdown, command, aborted);
    }

    private static async ValueTask<IResult> RunEvaluationAsync(RiskDesk desk, IDrawdownStore drawdown, EvaluateCommand command,
        CancellationToken cancellationToken)
    {
        using var activity = NeoLightTelemetry.ActivitySource.StartActivity("risk.evaluate");
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        RiskReport report;
        try
        {
            report = desk.Price(command.Book, command.PortfolioValue, command.Settings, command.Returns);
        }
        catch (NonFiniteRiskException)
        {
            return ApiProblem.Invalid("positions", "the book's risk figures overflow a double for these quantities, prices and returns");
        }
        DrawdownTracker? shared;
        try
        {
            shared = await drawdown.AddAsync(command.PortfolioValue, cancellationToken);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            return NotPersisted("the shared drawdown tracker could not be updated; nothing was recorded, retry");
        }
        var outcome = desk.Record(command.Book, command.PortfolioValue, report, command.EquityCurve, shared);
        var method = RiskNames.Of(outcome.Report.Method);
        EvaluationDuration.Record(System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("method", method));
        if (activity is not null)
        {
            activity.SetTag("neolight.method", method);
            activity.SetTag("neolight.model_source", RiskNames.Of(outcome.Report.Source));
            activity.SetTag("neolight.var_99", outcome.Report.At99.Var);
            activity.SetTag("neolight.positions", command.Book.Positions.Count);
        }
        return TypedResults.Json(ToResponse(outcome), Json.RiskEvaluateResponse);
    }

    internal static RiskEvaluateResponse ToResponse(EvaluationOutcome outcome)
    {
        var r = outcome.Report;
        var contributions = new RiskContribution[r.Contributions.Length];
        for (var i = 0; i < contributions.Length; i++)
        {
            var c = r.Contributions[i];
            contributions[i] = new RiskContribution
            {
                Symbol = c.Symbol, Value = c.Value, Weight = c.Weight, ComponentVar = c.ComponentVar, MarginalVar = c.MarginalVar,
            };
        }
        return new RiskEvaluateResponse
        {
            ValueAtRisk = r.AtConfidence.Var,
            ConditionalVar = r.AtConfidence.Cvar,
            Drawdown = outcome.DrawdownPct,
            Exposure = r.GrossExposure,
            Timestamp = outcome.Timestamp,
            Var95 = r.At95.Var,
            Var99 = r.At99.Var,
            Cvar95 = r.At95.Cvar,
            Cvar99 = r.At99.Cvar,
            MaxDrawdown = outcome.MaxDrawdownPct,
            NetExposure = r.NetExposure,
            RiskScore = outcome.RiskScore,
            Method = RiskNames.Of(r.Method),
            Confidence = r.Confidence,
            HorizonDays = r.HorizonDays,
            Observations = r.Observations,
            ModelSource = RiskNames.Of(r.Source),
            Contributions = contributions,
        };
    }

    private static async Task<IResult> ValidateAsync(HttpRequest http, RiskDesk desk, IKillSwitch killSwitch, IDrawdownStore drawdown,
        TimeProvider time)
    {
        var body = await JsonBody.ReadAsync(http, Json.TradeValidationRequest);
        if (body.Problem is not null) return body.Problem;
        var request = body.Value!;

        if (RequestRules.Symbol(request.Symbol, "symbol") is { } badSymbol) return badSymbol;
        var side = request.Side?.Trim().ToLowerInvariant() switch { "buy" => 1, "sell" => -1, _ => 0 };
        if (side == 0) return ApiProblem.Invalid("side", "must be \"buy\" or \"sell\"");
        if (request.Quantity is not { } quantity) return ApiProblem.Invalid("quantity", "is required");
        if (RequestRules.PositiveFinite(quantity, "quantity") is { } badQuantity) return badQuantity;
        if (request.Price is not { } price) return ApiProblem.Invalid("price", "is required");
        if (RequestRules.Amount(price, "price") is { } badPrice) return badPrice;
        if (RequestRules.Quantity(quantity, price, "quantity") is { } oversized) return oversized;
        if (RequestRules.PortfolioValue(request.PortfolioValue) is { } badValue) return badValue;
        if (RequestRules.Fraction(request.MaxDrawdown, "max_drawdown") is { } badMax) return badMax;
        if (RequestRules.Fraction(request.CurrentDrawdown, "current_drawdown") is { } badCurrent) return badCurrent;
        if (RequestRules.Positions(request.CurrentPositions, "current_positions", required: false, out var book) is { } badPositions)
            return badPositions;

        try
        {
            await killSwitch.EnsureCurrentAsync(http.HttpContext.RequestAborted);
            await drawdown.EnsureCurrentAsync(http.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            return ApiProblem.RetryLater("kill_switch", "the shared kill switch could not be confirmed, so no order is approved; retry after the delay");
        }

        using var activity = NeoLightTelemetry.ActivitySource.StartActivity("risk.validate");
        var verdict = desk.Validate(new Order(request.Symbol!, side, quantity, price), request.PortfolioValue!.Value,
            request.CurrentPositions is null ? null : book, request.MaxDrawdown, request.CurrentDrawdown);
        var failed = verdict.Checks.FirstOrDefault(c => !c.Passed).Name ?? "none";
        Validations.Add(1, new KeyValuePair<string, object?>("outcome", verdict.Approved ? "approved" : "rejected"),
            new KeyValuePair<string, object?>("check", failed));
        activity?.SetTag("neolight.symbol", request.Symbol);
        activity?.SetTag("neolight.approved", verdict.Approved);
        activity?.SetTag("neolight.failed_check", failed);

        var checks = new RiskCheck[verdict.Checks.Length];
        for (var i = 0; i < checks.Length; i++)
        {
            var c = verdict.Checks[i];
            checks[i] = new RiskCheck { Name = c.Name, Passed = c.Passed, Value = c.Value, Limit = c.Limit, Detail = c.Message };
        }
        return TypedResults.Json(new TradeValidationResponse
        {
            Approved = verdict.Approved,
            Reason = verdict.Reason,
            RiskScore = verdict.RiskScore,
            PostTradeExposure = verdict.PostTradeExposure,
            ProjectedDrawdown = verdict.ProjectedDrawdown,
            PostTradeVar99 = verdict.PostTradeVar99,
            IncrementalVar99 = verdict.IncrementalVar99,
            Checks = checks,
            Timestamp = time.GetUtcNow(),
        }, Json.TradeValidationResponse);
    }

    private static async Task<IResult> StressAsync(HttpRequest http, TimeProvider time)
    {
        var body = await JsonBody.ReadAsync(http, Json.StressRequest);
        if (body.Problem is not null) return body.Problem;
        var request = body.Value!;
        if (RequestRules.Positions(request.Positions, "positions", required: true, out var book) is { } badPositions) return badPositions;
        if (RequestRules.PortfolioValue(request.PortfolioValue) is { } badValue) return badValue;

        var scenarios = StressTester.BuiltIn;
        if (request.Scenarios is { Count: > 0 } given)
        {
            if (given.Count > RequestRules.MaxScenarios) return ApiProblem.Invalid("scenarios", $"at most {RequestRules.MaxScenarios} are accepted");
            scenarios = new StressScenario[given.Count];
            for (var i = 0; i < given.Count; i++)
            {
                var at = $"scenarios[{i}]";
                var s = given[i];
                if (s is null) return ApiProblem.Invalid(at, "must be an object");
                if (NameRules.Name(s.Name, at + ".name") is { } badName) return badName;
                if (s.Shocks is null) return ApiProblem.Invalid(at + ".shocks", "is required: an object of symbol (or crypto, equity, *) to fractional move");
                foreach (var (key, shock) in s.Shocks)
                {
                    // A shock names a symbol, an asset class (crypto, equity) or * for everything.
                    if (key != "*" && RequestRules.Symbol(key, $"{at}.shocks") is { } badKey) return badKey;
                    if (RequestRules.Return(shock, $"{at}.shocks.{key}", "fractional move") is { } badShock) return badShock;
                }
                scenarios[i] = new StressScenario(s.Name!, s.Shocks);
            }
        }

        var results = new StressResult[scenarios.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var o = StressTester.Run(book, request.PortfolioValue!.Value, scenarios[i]);
            results[i] = new StressResult
            {
                Name = o.Name, Pnl = o.Pnl, PnlPct = o.PnlPct,
                ExposureAfter = double.IsFinite(o.ExposureAfter) ? o.ExposureAfter : double.MaxValue,
                DrawdownAfter = o.DrawdownAfterPct,
            };
        }
        return TypedResults.Json(new StressResponse { Results = results, Timestamp = time.GetUtcNow() }, Json.StressResponse);
    }

    private static async Task<IResult> PricesAsync(HttpRequest http, RiskDesk desk, IPriceRecorder recorder, TimeProvider time)
    {
        var body = await JsonBody.ReadAsync(http, Json.PricesRequest);
        if (body.Problem is not null) return body.Problem;
        var prices = body.Value!.Prices;
        if (prices is null) return ApiProblem.Invalid("prices", "is required");
        if (prices.Count > RequestRules.MaxPrices) return ApiProblem.Invalid("prices", $"at most {RequestRules.MaxPrices} observations are accepted");

        var observations = new (string, double, DateTimeOffset?)[prices.Count];
        for (var i = 0; i < prices.Count; i++)
        {
            var at = $"prices[{i}]";
            var p = prices[i];
            if (p is null) return ApiProblem.Invalid(at, "must be an object");
            if (RequestRules.Symbol(p.Symbol, at + ".symbol") is { } badSymbol) return badSymbol;
            if (p.Price is not { } price) return ApiProblem.Invalid(at + ".price", "is required");
            if (RequestRules.Amount(price, at + ".price") is { } badPrice) return badPrice;
            observations[i] = (p.Symbol!, price, p.Timestamp);
        }

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
        return TypedResults.Json(new PricesResponse
        {
            Accepted = recorded, Ignored = stale, Observations = counts, Timestamp = time.GetUtcNow(),
        }, Json.PricesResponse);
    }

    private static async Task<IResult> KillSwitchAsync(HttpRequest http, RiskDesk desk, IKillSwitch killSwitch, RiskStatePersister persister)
    {
        var body = await JsonBody.ReadAsync(http, Json.KillSwitchRequest);
        if (body.Problem is not null) return body.Problem;
        if (body.Value!.Halted is not { } halted) return ApiProblem.Invalid("halted", "is required (true halts trading, false resumes)");
        try
        {
            await killSwitch.SetAsync(halted, body.Value.Reason, http.HttpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or TimeoutException)
        {
            return NotPersisted("the shared kill switch could not be written; nothing changed, retry");
        }
        if (await Persisted(persister, desk.Version, http.HttpContext.RequestAborted) is { } unavailable) return unavailable;
        return TypedResults.Json(desk.Snapshot(), Json.RiskStateResponse);
    }

    /// <summary>Waits until the change is on disk: a 2xx for accepted data means it is stored.</summary>
    private static async Task<IResult?> Persisted(RiskStatePersister persister, long version, CancellationToken cancellationToken)
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

    private static ApiProblem NotPersisted(string why) =>
        ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "State not persisted", "state: " + why, "state");
}
