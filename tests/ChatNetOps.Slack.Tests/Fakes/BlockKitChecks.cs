namespace ChatNetOps.Slack.Tests.Fakes;

using System.Text.Json.Nodes;

/// <summary>
/// Slack's documented Block Kit limits, written independently of the production constants, so a renderer bug
/// cannot hide behind its own numbers. Returns one line per violation.
/// </summary>
public static class BlockKitChecks
{
    public static List<string> Message(JsonObject payload)
    {
        var problems = new List<string>();
        var text = payload["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(text))
        {
            problems.Add("message: top-level text (notification fallback) is missing");
        }
        else if (text.Length > 40_000)
        {
            problems.Add($"message: text is {text.Length} characters (Slack truncates beyond 40,000)");
        }

        var blocks = payload["blocks"] as JsonArray;
        if (blocks is not null)
        {
            Blocks(blocks, 50, "message", problems);
        }

        return problems;
    }

    public static List<string> Modal(JsonObject view)
    {
        var problems = new List<string>();
        Max(view["title"]?["text"]?.GetValue<string>(), 24, "modal title", problems);
        Max(view["submit"]?["text"]?.GetValue<string>(), 24, "modal submit", problems);
        Max(view["close"]?["text"]?.GetValue<string>(), 24, "modal close", problems);
        Max(view["private_metadata"]?.GetValue<string>(), 3000, "modal private_metadata", problems);
        Max(view["callback_id"]?.GetValue<string>(), 255, "modal callback_id", problems);
        if (view["type"]?.GetValue<string>() != "modal")
        {
            problems.Add("modal: type is not 'modal'");
        }

        Blocks(view["blocks"] as JsonArray ?? [], 100, "modal", problems);
        return problems;
    }

    private static void Blocks(JsonArray blocks, int maxBlocks, string surface, List<string> problems)
    {
        if (blocks.Count > maxBlocks)
        {
            problems.Add($"{surface}: {blocks.Count} blocks (max {maxBlocks})");
        }

        var blockIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var block in blocks.OfType<JsonObject>())
        {
            var type = block["type"]?.GetValue<string>();
            var id = block["block_id"]?.GetValue<string>();
            if (id is not null)
            {
                Max(id, 255, "block_id", problems);
                if (!blockIds.Add(id))
                {
                    problems.Add($"duplicate block_id {id}");
                }
            }

            switch (type)
            {
                case "section":
                    var text = block["text"] as JsonObject;
                    var fields = block["fields"] as JsonArray;
                    if (text is null && fields is null)
                    {
                        problems.Add("section without text or fields");
                    }

                    if (text is not null)
                    {
                        Text(text, 3000, "section text", problems);
                    }

                    if (fields is not null)
                    {
                        if (fields.Count > 10)
                        {
                            problems.Add($"section has {fields.Count} fields (max 10)");
                        }

                        foreach (var field in fields.OfType<JsonObject>())
                        {
                            Text(field, 2000, "section field", problems);
                        }
                    }

                    if (block["accessory"] is JsonObject accessory)
                    {
                        Element(accessory, problems, []);
                    }

                    break;
                case "header":
                    Text(block["text"] as JsonObject, 150, "header", problems, plainOnly: true);
                    break;
                case "context":
                    var elements = block["elements"] as JsonArray ?? [];
                    if (elements.Count is 0 or > 10)
                    {
                        problems.Add($"context has {elements.Count} elements (1–10)");
                    }

                    foreach (var element in elements.OfType<JsonObject>())
                    {
                        Text(element, 3000, "context element", problems);
                    }

                    break;
                case "actions":
                    var actions = block["elements"] as JsonArray ?? [];
                    if (actions.Count is 0 or > 25)
                    {
                        problems.Add($"actions has {actions.Count} elements (1–25)");
                    }

                    var actionIds = new HashSet<string>(StringComparer.Ordinal);
                    foreach (var element in actions.OfType<JsonObject>())
                    {
                        Element(element, problems, actionIds);
                    }

                    break;
                case "image":
                    Max(block["image_url"]?.GetValue<string>(), 3000, "image_url", problems);
                    Max(block["alt_text"]?.GetValue<string>(), 2000, "alt_text", problems);
                    break;
                case "input":
                    Text(block["label"] as JsonObject, 2000, "input label", problems, plainOnly: true);
                    if (block["hint"] is JsonObject hint)
                    {
                        Text(hint, 2000, "input hint", problems, plainOnly: true);
                    }

                    Element(block["element"] as JsonObject ?? [], problems, []);
                    break;
                case "divider":
                    break;
                default:
                    problems.Add($"unexpected block type {type}");
                    break;
            }
        }
    }

    private static void Element(JsonObject element, List<string> problems, HashSet<string> actionIds)
    {
        var actionId = element["action_id"]?.GetValue<string>();
        Max(actionId, 255, "action_id", problems);
        if (actionId is not null && !actionIds.Add(actionId))
        {
            problems.Add($"duplicate action_id {actionId} in one block");
        }

        switch (element["type"]?.GetValue<string>())
        {
            case "button":
                Text(element["text"] as JsonObject, 75, "button text", problems, plainOnly: true);
                Max(element["value"]?.GetValue<string>(), 2000, "button value", problems);
                Max(element["url"]?.GetValue<string>(), 3000, "button url", problems);
                if (element["style"]?.GetValue<string>() is { } style && style is not ("primary" or "danger"))
                {
                    problems.Add($"button style {style}");
                }

                break;
            case "static_select":
                var options = element["options"] as JsonArray ?? [];
                if (options.Count is 0 or > 100)
                {
                    problems.Add($"static_select has {options.Count} options (1–100)");
                }

                foreach (var option in options.OfType<JsonObject>())
                {
                    Text(option["text"] as JsonObject, 75, "option text", problems, plainOnly: true);
                    Max(option["value"]?.GetValue<string>(), 150, "option value", problems);
                }

                break;
            case "plain_text_input":
                if (element["max_length"]?.GetValue<int>() is > 3000)
                {
                    problems.Add("plain_text_input max_length over 3000");
                }

                break;
            case "number_input":
                break;
            default:
                problems.Add($"unexpected element type {element["type"]}");
                break;
        }
    }

    private static void Text(JsonObject? text, int max, string what, List<string> problems, bool plainOnly = false)
    {
        if (text is null)
        {
            problems.Add($"{what}: missing text object");
            return;
        }

        var type = text["type"]?.GetValue<string>();
        if (type is not ("plain_text" or "mrkdwn") || (plainOnly && type != "plain_text"))
        {
            problems.Add($"{what}: text type {type}");
        }

        var value = text["text"]?.GetValue<string>();
        if (string.IsNullOrEmpty(value))
        {
            problems.Add($"{what}: empty text");
        }

        Max(value, max, what, problems);
    }

    private static void Max(string? value, int max, string what, List<string> problems)
    {
        if (value is not null && value.Length > max)
        {
            problems.Add($"{what}: {value.Length} characters (max {max})");
        }
    }
}
