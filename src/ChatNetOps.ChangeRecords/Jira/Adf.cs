namespace ChatNetOps.ChangeRecords.Jira;

using System.Text.Json.Nodes;

/// <summary>Atlassian Document Format: a <c>doc</c> of paragraphs of text, one per line.</summary>
internal static class Adf
{
    public static JsonObject Document(string text)
    {
        var content = new JsonArray();
        foreach (var line in text.Split('\n'))
        {
            var paragraph = new JsonObject { ["type"] = "paragraph" };
            if (line.Length > 0)
            {
                paragraph["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = line });
            }

            content.Add(paragraph);
        }

        return new JsonObject { ["type"] = "doc", ["version"] = 1, ["content"] = content };
    }

    /// <summary>Every text node's text, for finding a marker in a stored comment.</summary>
    public static IEnumerable<string> Texts(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["type"]?.GetValue<string>() == "text" && o["text"] is JsonValue t && t.TryGetValue<string>(out var s))
                {
                    yield return s;
                }

                foreach (var inner in Texts(o["content"]))
                {
                    yield return inner;
                }

                break;
            case JsonArray a:
                foreach (var item in a)
                {
                    foreach (var inner in Texts(item))
                    {
                        yield return inner;
                    }
                }

                break;
        }
    }
}
