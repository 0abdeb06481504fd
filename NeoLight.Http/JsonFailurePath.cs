using System.Text;
using System.Text.Json;

namespace NeoLight.Http;

/// <summary>
/// Finds the member path (<c>per_agent.momentum.pnl_1d</c>, <c>decisions[3]</c>) at which malformed JSON breaks, or at which
/// an object repeats a key (which the reader alone does not check).
/// </summary>
public static class JsonFailurePath
{
    private sealed class Frame(bool isArray)
    {
        public bool IsArray { get; } = isArray;
        public string? Name { get; set; }
        public int Index { get; set; }
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }

    public static string? Find(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var frames = new List<Frame>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        frames[^1].Name = reader.GetString();
                        if (!frames[^1].Keys.Add(frames[^1].Name!)) return PathOf(frames);
                        break;
                    case JsonTokenType.StartObject:
                        frames.Add(new Frame(isArray: false));
                        break;
                    case JsonTokenType.StartArray:
                        frames.Add(new Frame(isArray: true));
                        break;
                    case JsonTokenType.EndObject:
                    case JsonTokenType.EndArray:
                        frames.RemoveAt(frames.Count - 1);
                        ValueDone(frames);
                        break;
                    default:
                        ValueDone(frames);
                        break;
                }
            }
            return null;
        }
        catch (JsonException)
        {
            return PathOf(frames);
        }
    }

    private static string? PathOf(List<Frame> frames)
    {
        var text = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.IsArray) text.Append('[').Append(frame.Index).Append(']');
            else if (frame.Name is not null) text.Append(text.Length == 0 ? "" : ".").Append(frame.Name);
        }
        return text.Length == 0 ? null : text.ToString();
    }

    // A finished value moves an enclosing array on to its next index.
    private static void ValueDone(List<Frame> frames)
    {
        if (frames.Count > 0 && frames[^1].IsArray) frames[^1].Index++;
    }
}
