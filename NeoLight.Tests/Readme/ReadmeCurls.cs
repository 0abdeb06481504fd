using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace NeoLight.Tests.Readme;

/// <summary>The README's curl examples, read from its code blocks.</summary>
internal static class ReadmeCurls
{
    public static string ReadmePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "NeoLight.sln")))
                return Path.Combine(dir.FullName, "README.md");
        throw new FileNotFoundException("README.md above the test's folder");
    }

    /// <summary>Each curl command of the README's code blocks, with its continuation lines and multi-line quoted bodies.</summary>
    public static IEnumerable<string> Commands()
    {
        var readme = File.ReadAllText(ReadmePath());
        var lines = readme.Split('\n');
        var inCode = false;
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].StartsWith("```", StringComparison.Ordinal)) inCode = !inCode;
            if (!inCode || !lines[i].StartsWith("curl ", StringComparison.Ordinal)) continue;
            var command = new StringBuilder(lines[i]);
            while ((Curl.OpenQuote(command.ToString()) || command.ToString().TrimEnd().EndsWith('\\')) && i + 1 < lines.Length)
                command.Append('\n').Append(lines[++i]);
            yield return command.ToString();
        }
    }
}

/// <summary>One curl command as the shell would run it: method, URL, headers (variables expanded) and body.</summary>
internal sealed partial record Curl(string Method, Uri Url, List<(string Name, string Value)> Headers, string? Body)
{
    public string? ContentType => Headers.FirstOrDefault(h => h.Name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)).Value;

    public static Curl Parse(string command, Func<string, string?> variables)
    {
        var words = Words(command, variables);
        string? method = null, body = null;
        Uri? url = null;
        var headers = new List<(string, string)>();
        for (var i = 1; i < words.Count; i++)
        {
            switch (words[i])
            {
                case "-X": method = words[++i]; break;
                case "-H": var h = words[++i].Split(':', 2); headers.Add((h[0].Trim(), h[1].Trim())); break;
                case "-d" or "--data" or "--data-binary": body = words[++i]; break;
                case var w when w.StartsWith("http", StringComparison.Ordinal): url = new Uri(w); break;
            }
        }
        return new Curl(method ?? (body is null ? "GET" : "POST"), url!, headers, body);
    }

    /// <summary>The request curl would send (curl's default body type is a form).</summary>
    public HttpRequestMessage ToRequest(Uri? server = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), server is null ? new Uri(Url.PathAndQuery, UriKind.Relative)
            : new Uri(server, Url.PathAndQuery));
        foreach (var (name, value) in Headers)
            if (!name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Headers.TryAddWithoutValidation(name, value);
        if (Body is not null)
            request.Content = new StringContent(Body, Encoding.UTF8, ContentType ?? "application/x-www-form-urlencoded");
        if (ContentType is { } type && request.Content is not null)
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(type);
        return request;
    }

    /// <summary>Whether a single or double quote is still open at the end of <paramref name="text"/>.</summary>
    public static bool OpenQuote(string text)
    {
        char? open = null;
        foreach (var c in text)
            if (open is null && c is '\'' or '"') open = c;
            else if (c == open) open = null;
        return open is not null;
    }

    /// <summary>Shell words: quotes, backslash-newline, <c>$NAME</c> outside single quotes, a <c>#</c> comment.</summary>
    private static List<string> Words(string command, Func<string, string?> variables)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < command.Length; i++)
        {
            var c = command[i];
            if (quote is null && c == '\\' && i + 1 < command.Length && command[i + 1] == '\n') { i++; continue; }
            if (quote is null && c == '#' && !inWord) break;
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (inWord) words.Add(word.ToString());
                word.Clear();
                inWord = false;
                continue;
            }
            inWord = true;
            if (quote is null && c is '\'' or '"') { quote = c; continue; }
            if (c == quote) { quote = null; continue; }
            if (quote != '\'' && c == '$' && Variable().Match(command, i) is { Success: true } name)
            {
                word.Append(variables(name.Value[1..]) ?? "");
                i += name.Length - 1;
                continue;
            }
            word.Append(c);
        }
        if (inWord) words.Add(word.ToString());
        return words;
    }

    [GeneratedRegex(@"\G\$[A-Z_][A-Z0-9_]*")]
    private static partial Regex Variable();
}
