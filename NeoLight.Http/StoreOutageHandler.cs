using System.Data.Common;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace NeoLight.Http;

/// <summary>
/// A store that cannot answer (its server down, its disk full, a pool exhausted) is a 503 with <c>Retry-After</c>, from any
/// endpoint of any replica, never a 500: the request changed nothing the client can see (a write is acknowledged only once
/// committed), and the same request succeeds once the store is back. Every ADO.NET provider's failure is a
/// <see cref="DbException"/> (Npgsql's and Microsoft.Data.Sqlite's included).
/// </summary>
public sealed partial class StoreOutageHandler(ILogger<StoreOutageHandler> logger) : IExceptionHandler
{
    public const string RetryAfterSeconds = "5";

    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (StoreFailure(exception) is not { } failure || context.Response.HasStarted) return false;
        LogOutage(failure, context.Request.Method, context.Request.Path);
        context.Response.Headers.RetryAfter = RetryAfterSeconds;
        await ApiProblem.Of(StatusCodes.Status503ServiceUnavailable, "Store unavailable",
            $"store: the service's store could not answer ({failure.GetType().Name}); nothing was changed, retry after "
            + $"{RetryAfterSeconds} s", "store").ExecuteAsync(context);
        return true;
    }

    /// <summary>The store's failure behind <paramref name="exception"/>, if one is (directly or as an inner exception).</summary>
    public static DbException? StoreFailure(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
            if (e is DbException db) return db;
        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store could not answer {Method} {Path}: 503")]
    private partial void LogOutage(Exception ex, string method, string path);
}
