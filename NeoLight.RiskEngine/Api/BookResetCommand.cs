using NeoLight.Contracts;
using NeoLight.Http;

namespace NeoLight.RiskEngine.Api;

/// <summary>The live book whose session starts again (its tracked drawdown forgotten).</summary>
internal sealed record BookResetCommand(string Book) : ICheckedRequest<BookResetCommand>
{
    public static ValueTask<RequestCheck<BookResetCommand>> CheckAsync(HttpContext context) =>
        RequestChecks.ReadAsync<BookResetRequest, BookResetCommand>(context,
            NeoLightJsonContext.Default.BookResetRequest, Read);

    private static ProblemHttpResult? Read(BookResetRequest request, out BookResetCommand command)
    {
        command = null!;
        if (NameRules.Name(request.Book, "book") is { } problem) return problem;
        command = new BookResetCommand(request.Book!);
        return null;
    }
}
