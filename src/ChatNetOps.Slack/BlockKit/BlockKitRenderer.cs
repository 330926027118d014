namespace ChatNetOps.Slack.BlockKit;

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ChatNetOps.Conversation.Cards;
using ChatNetOps.Slack.BlockKit.Blocks;
using ChatNetOps.Slack.BlockKit.Elements;

/// <summary>
/// Translates an expanded Adaptive Card (1.5) into a Block Kit message, always within Slack's limits
/// (<see cref="BlockKitLimits"/>), stating every cut in the message itself:
/// <list type="bullet">
/// <item>TextBlock: Large/ExtraLarge or heading style → header; Monospace → preformatted sections; others merge into
/// sections as escaped mrkdwn (Bolder → bold, Warning/Attention → an emoji). Card text is Markdown made literal by
/// <see cref="ChatNetOps.Conversation.Cards.CardText"/>: its escapes are read back, so user text never becomes markup.</item>
/// <item>RichTextBlock → its text runs, escaped (Bolder runs bold); Teams' CodeBlock → preformatted sections (its fallback is
/// for clients without CodeBlock).</item>
/// <item>FactSet → section fields, 10 per section. Container, ColumnSet, Column → flattened (separator → divider).
/// Image → image block. Hidden elements (isVisible false) and Action.ToggleVisibility are left out.</item>
/// <item>Action.Execute / Action.Submit → buttons (verb in action_id, data as JSON in value ≤ 2,000 characters);
/// Action.OpenUrl → link button; positive/destructive style (or approve/reject) → primary/danger. An ActionSet of one
/// button right after text becomes that section's accessory.</item>
/// <item>Inputs → a modal (<see cref="CardForm"/>) that the button of each action using them opens via views.open.</item>
/// <item><c>refresh.userIds</c> (an approval card's approvers, as Slack user ids) → an "Approvers: @a, @b" section and the
/// same mentions in the notification text, so Slack notifies them.</item>
/// </list>
/// Every text is escaped (<c>&amp; &lt; &gt;</c>), the notification text included, and every mrkdwn text object is
/// <c>verbatim</c> (no automatic links or mentions): the only markup in a message is what the renderer writes itself.
/// </summary>
internal static class BlockKitRenderer
{
    /// <summary>The key in a button's value naming the stored form (or stashed data) behind it.</summary>
    public const string FormKey = "$form";

    public const string FormCallbackId = "chatnetops-form";

    private const int MaxPreformattedSections = 8;
    private const int MaxNotes = 5;
    private const int MaxTrailingActionBlocks = 4;

    private static readonly Dictionary<string, string> VerbStyles = new(StringComparer.OrdinalIgnoreCase)
    {
        ["approve"] = ButtonElement.Primary,
        ["reject"] = ButtonElement.Danger,
    };

    /// <summary>A message of plain text (escaped, in the blocks and in the notification text), cut to the section limit.</summary>
    public static SlackMessage RenderText(string text)
    {
        var mrkdwn = Mrkdwn.Truncate(Mrkdwn.Escape(text.Length == 0 ? " " : text), BlockKitLimits.SectionText);
        return new SlackMessage(NotificationText(text.Length == 0 ? " " : text, BlockKitLimits.MessageText), [new SectionBlock { Text = TextObject.Markdown(mrkdwn) }]);
    }

    /// <summary>
    /// The message's top-level <c>text</c> (notifications, screen readers): Slack parses it as mrkdwn, so it is escaped like
    /// the blocks, then cut to <paramref name="max"/> characters without splitting an entity.
    /// </summary>
    private static string NotificationText(string text, int max)
    {
        var escaped = Mrkdwn.Escape(text);
        return escaped.Length <= max ? escaped : escaped[..Mrkdwn.SafeCut(escaped, max - 1)] + "…";
    }

    public static BlockKitRendering Render(JsonObject card, string fallbackText)
    {
        ArgumentNullException.ThrowIfNull(card);
        var state = new State(CountInputs(card["body"] as JsonArray) > 0);
        if (card["body"] is JsonArray items)
        {
            state.Walk(items);
        }

        state.Flush();
        var bodyEnd = state.Blocks.Count;
        if (card["actions"] is JsonArray actions)
        {
            state.Actions(actions, inline: false);
        }

        var body = state.Blocks.Take(bodyEnd).ToList();
        var mentions = ApproverMentions(card);
        if (mentions is not null)
        {
            body.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Truncate("*Approvers:* " + mentions, BlockKitLimits.SectionText)) });
        }

        var trailing = state.Blocks.Skip(bodyEnd).Take(MaxTrailingActionBlocks).ToList();
        var notes = state.Notes;
        if (body.Count == 0 && trailing.Count == 0)
        {
            body.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Truncate(Mrkdwn.Escape(fallbackText.Length == 0 ? " " : fallbackText), BlockKitLimits.SectionText)) });
        }

        var budget = BlockKitLimits.MessageBlocks - trailing.Count - 1;
        if (body.Count > budget)
        {
            var removed = body.Count - budget;
            body.RemoveRange(budget, removed);
            notes.Insert(0, string.Create(CultureInfo.InvariantCulture, $":scissors: {removed} more blocks not shown: Slack allows {BlockKitLimits.MessageBlocks} per message. `status REQUEST-ID --json` has everything."));
        }

        var blocks = new List<Block>(body);
        if (notes.Count > 0)
        {
            blocks.Add(new ContextBlock([.. notes.Take(MaxNotes).Select(n => TextObject.Markdown(Mrkdwn.Truncate(n, BlockKitLimits.ContextText)))]));
        }

        blocks.AddRange(trailing);

        var forms = state.Forms.Select(f => f with
        {
            Title = Mrkdwn.Cut(state.IsFormOnly && state.Heading is { } heading ? heading : f.Title, BlockKitLimits.ModalTitle),
            Intro = state.IsFormOnly && f.UsesInputs ? body.Where(b => b is not HeaderBlock and not ActionsBlock).ToArray() : [],
            Inputs = f.UsesInputs ? state.Inputs : [],
        }).ToArray();

        // The notification text carries the dialog's text, which holds user data: escaped first, then the bot's own mentions.
        var text = fallbackText.Length == 0 ? state.Heading ?? "ChatNetOps" : fallbackText;
        if (mentions is not null)
        {
            // Cut the message, never the mentions that make Slack notify the approvers.
            var tail = "\nApprovers: " + mentions;
            text = NotificationText(text, Math.Max(100, BlockKitLimits.MessageText - tail.Length)) + tail;
        }
        else
        {
            text = NotificationText(text, BlockKitLimits.MessageText);
        }
        return new BlockKitRendering(new SlackMessage(text, blocks), forms, state.IsFormOnly);
    }

    /// <summary>
    /// <c>&lt;@U…&gt;</c> mentions for the Slack user ids in the card's <c>refresh.userIds</c> (Teams' refresh list, which
    /// the card builder fills with the platform's ids of the approvers); null when there are none. Anything that is not
    /// a Slack user id is ignored, so no other markup can ride along.
    /// </summary>
    internal static string? ApproverMentions(JsonObject card)
    {
        if (card["refresh"]?["userIds"] is not JsonArray ids)
        {
            return null;
        }

        var mentions = ids.Select(i => i is JsonValue v && v.TryGetValue<string>(out var id) ? id : null)
            .Where(IsSlackUserId)
            .Distinct(StringComparer.Ordinal)
            .Select(id => $"<@{id}>")
            .ToList();
        return mentions.Count == 0 ? null : string.Join(", ", mentions);
    }

    private static bool IsSlackUserId(string? id) =>
        id is { Length: >= 3 and <= 32 } && (id[0] is 'U' or 'W') && id.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9'));

    /// <summary>The modal for a form: its intro, its inputs, and where it came from in private_metadata.</summary>
    public static ModalView RenderModal(CardForm form, FormMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(form);
        var blocks = form.Intro.Concat(form.Inputs.Select(i => i.Block)).ToList();
        if (blocks.Count > BlockKitLimits.ModalBlocks)
        {
            // Inputs matter more than the intro; intro goes first.
            blocks = [.. form.Intro.Take(Math.Max(0, BlockKitLimits.ModalBlocks - form.Inputs.Count)).Concat(form.Inputs.Select(i => i.Block)).Take(BlockKitLimits.ModalBlocks)];
        }

        if (blocks.Count == 0)
        {
            blocks.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Escape("Confirm: " + form.SubmitLabel)) });
        }

        var json = JsonSerializer.Serialize(metadata, SlackJsonContext.Default.FormMetadata);
        if (json.Length > BlockKitLimits.PrivateMetadata)
        {
            json = JsonSerializer.Serialize(metadata with { ResponseUrl = null }, SlackJsonContext.Default.FormMetadata);
        }

        return new ModalView(TextObject.Plain(Mrkdwn.Cut(form.Title.Length == 0 ? "ChatNetOps" : form.Title, BlockKitLimits.ModalTitle)), blocks)
        {
            Submit = TextObject.Plain(Mrkdwn.Cut(form.SubmitLabel.Length == 0 ? "Submit" : form.SubmitLabel, BlockKitLimits.ModalButton)),
            Close = TextObject.Plain("Cancel"),
            CallbackId = FormCallbackId,
            PrivateMetadata = json,
        };
    }

    private static int CountInputs(JsonArray? items)
    {
        if (items is null)
        {
            return 0;
        }

        var count = 0;
        foreach (var item in items.OfType<JsonObject>())
        {
            if (IsHidden(item))
            {
                continue;
            }

            var type = Str(item, "type") ?? string.Empty;
            if (type.StartsWith("Input.", StringComparison.Ordinal))
            {
                count++;
            }

            count += CountInputs(item["items"] as JsonArray);
            if (item["columns"] is JsonArray columns)
            {
                count += CountInputs(columns);
            }
        }

        return count;
    }

    private static bool IsHidden(JsonObject element) =>
        element["isVisible"] is JsonValue v && v.GetValueKind() == JsonValueKind.False;

    private static string? Str(JsonObject element, string property) =>
        element[property] switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => null,
        };

    private static bool Flag(JsonObject element, string property) =>
        element[property] is JsonValue v && v.GetValueKind() == JsonValueKind.True;

    private static bool Is(JsonObject element, string property, string value) =>
        string.Equals(Str(element, property), value, StringComparison.OrdinalIgnoreCase);

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>One rendering in progress.</summary>
    private sealed class State(bool cardHasInputs)
    {
        private readonly StringBuilder _run = new();
        private readonly HashSet<string> _actionIds = new(StringComparer.Ordinal);
        private int _formButtons;
        private int _otherButtons;
        private int _runSection = -1;
        private string? _tone;
        private bool _tonePending;

        public List<Block> Blocks { get; } = [];

        public List<string> Notes { get; } = [];

        public List<CardForm> Forms { get; } = [];

        public List<FormInput> Inputs { get; } = [];

        public string? Heading { get; private set; }

        public bool IsFormOnly => _formButtons > 0 && _otherButtons == 0;

        public void Walk(JsonArray items)
        {
            foreach (var element in items.OfType<JsonObject>())
            {
                if (IsHidden(element))
                {
                    continue;
                }

                if (Flag(element, "separator") && Blocks.Count > 0)
                {
                    Flush();
                    Blocks.Add(new DividerBlock());
                }

                var type = Str(element, "type") ?? string.Empty;
                switch (type)
                {
                    case "TextBlock":
                        Text(element, Str(element, "text") ?? string.Empty);
                        break;
                    case "RichTextBlock":
                        RichText(element);
                        break;
                    case "CodeBlock":
                        // Teams' code view: the snippet is the text itself (not Markdown); its fallback is for clients without it.
                        Flush();
                        Preformatted(Str(element, "codeSnippet") ?? string.Empty);
                        break;
                    case "FactSet":
                        Flush();
                        Facts(element["facts"] as JsonArray ?? []);
                        break;
                    case "Container":
                    case "Column":
                        Flush();
                        var outer = (_tone, _tonePending);
                        if (Tone(Str(element, "style")) is { } tone)
                        {
                            (_tone, _tonePending) = (tone, true);
                        }

                        Walk(element["items"] as JsonArray ?? []);
                        (_tone, _tonePending) = outer;
                        Flush();
                        break;
                    case "ColumnSet":
                        Flush();
                        Walk(element["columns"] as JsonArray ?? []);
                        Flush();
                        break;
                    case "Image":
                        Flush();
                        Image(element);
                        break;
                    case "ImageSet":
                        Flush();
                        foreach (var image in (element["images"] as JsonArray ?? []).OfType<JsonObject>())
                        {
                            Image(image);
                        }

                        break;
                    case "ActionSet":
                        Flush();
                        Actions(element["actions"] as JsonArray ?? [], inline: true);
                        break;
                    case var input when input.StartsWith("Input.", StringComparison.Ordinal):
                        Flush();
                        Input(element, input);
                        break;
                    default:
                        Unsupported(element, type);
                        break;
                }
            }
        }

        public void Flush()
        {
            if (_run.Length == 0)
            {
                return;
            }

            Blocks.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Truncate(_run.ToString(), BlockKitLimits.SectionText)) });
            _runSection = Blocks.Count - 1;
            _run.Clear();
        }

        public void Actions(JsonArray actions, bool inline)
        {
            // action_id must be unique within a block; each ActionSet becomes its own block(s).
            _actionIds.Clear();
            var buttons = new List<ButtonElement>();
            foreach (var action in actions.OfType<JsonObject>())
            {
                if (ToButton(action) is { } button)
                {
                    buttons.Add(button);
                }
            }

            if (buttons.Count == 0)
            {
                return;
            }

            if (inline && buttons.Count == 1 && _runSection == Blocks.Count - 1 && Blocks[^1] is SectionBlock { Accessory: null, Fields: null } section)
            {
                Blocks[^1] = section with { Accessory = buttons[0] };
                return;
            }

            foreach (var chunk in buttons.Chunk(BlockKitLimits.ActionsElements))
            {
                Blocks.Add(new ActionsBlock(chunk));
            }

            ButtonElement? ToButton(JsonObject action)
            {
                if (action["isEnabled"] is JsonValue enabled && enabled.GetValueKind() == JsonValueKind.False)
                {
                    return null;
                }

                var type = Str(action, "type") ?? string.Empty;
                var title = Str(action, "title");
                switch (type)
                {
                    case "Action.OpenUrl":
                        var url = Str(action, "url") ?? string.Empty;
                        if (!Mrkdwn.IsWebUrl(url) || url.Length > BlockKitLimits.ButtonUrl)
                        {
                            Notes.Add(Mrkdwn.Escape($"(link \"{title}\" not shown: its URL is not a web address Slack accepts)"));
                            return null;
                        }

                        _otherButtons++;
                        return new ButtonElement(TextObject.Plain(Mrkdwn.Cut(title ?? "Open", BlockKitLimits.ButtonText)))
                        {
                            ActionId = UniqueActionId("openUrl"),
                            Url = url,
                            Style = Style(action, null),
                        };
                    case "Action.Execute":
                    case "Action.Submit":
                        var data = action["data"] switch
                        {
                            JsonObject o => (JsonObject)o.DeepClone(),
                            null => [],
                            var other => new JsonObject { ["value"] = other.DeepClone() },
                        };
                        var verb = type == "Action.Execute"
                            ? Str(action, "verb") ?? "execute"
                            : Str(data, "verb") ?? Str(action, "id") ?? "submit";
                        var usesInputs = cardHasInputs && !Is(action, "associatedInputs", "none");
                        return Button(verb, title ?? verb, data, usesInputs, Style(action, verb));
                    case "Action.ToggleVisibility":
                        // Hidden elements are not rendered on Slack, so there is nothing to toggle.
                        return null;
                    default:
                        Notes.Add(Mrkdwn.Escape($"(action \"{title ?? type}\" is not available in Slack)"));
                        return null;
                }
            }
        }

        private ButtonElement Button(string verb, string title, JsonObject data, bool usesInputs, string? style)
        {
            CardForm? form = null;
            if (usesInputs)
            {
                form = new CardForm(NewId(), verb, (JsonObject)data.DeepClone(), title, title) { UsesInputs = true };
                Forms.Add(form);
                _formButtons++;
            }
            else
            {
                _otherButtons++;
            }

            var value = (JsonObject)data.DeepClone();
            if (form is not null)
            {
                value[FormKey] = form.Id;
            }

            var json = value.ToJsonString();
            if (json.Length > BlockKitLimits.ButtonValue)
            {
                // Too much data for a button: keep it server-side (a form without inputs) and send only its id.
                form ??= AddStash(verb, title, data);
                json = new JsonObject { [FormKey] = form.Id }.ToJsonString();
            }

            return new ButtonElement(TextObject.Plain(Mrkdwn.Cut(title.Length == 0 ? verb : title, BlockKitLimits.ButtonText)))
            {
                ActionId = UniqueActionId(verb),
                Value = json,
                Style = style,
            };
        }

        private CardForm AddStash(string verb, string title, JsonObject data)
        {
            var stash = new CardForm(NewId(), verb, (JsonObject)data.DeepClone(), title, title) { Inputs = [] };
            Forms.Add(stash);
            return stash;
        }

        private string UniqueActionId(string verb)
        {
            var id = Mrkdwn.Cut(verb, BlockKitLimits.ActionId - 8);
            if (_actionIds.Add(id))
            {
                return id;
            }

            for (var n = 2; ; n++)
            {
                var candidate = string.Create(CultureInfo.InvariantCulture, $"{id}#{n}");
                if (_actionIds.Add(candidate))
                {
                    return candidate;
                }
            }
        }

        private static string? Style(JsonObject action, string? verb) =>
            Str(action, "style")?.ToUpperInvariant() switch
            {
                "POSITIVE" => ButtonElement.Primary,
                "DESTRUCTIVE" => ButtonElement.Danger,
                _ => verb is not null && VerbStyles.TryGetValue(verb, out var style) ? style : null,
            };

        private void Text(JsonObject element, string text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }

            var size = Str(element, "size");
            var heading = Is(element, "style", "heading") || string.Equals(size, "Large", StringComparison.OrdinalIgnoreCase) || string.Equals(size, "ExtraLarge", StringComparison.OrdinalIgnoreCase);
            var color = Str(element, "color")?.ToUpperInvariant() is { } explicitColor and not "DEFAULT" ? explicitColor : null;
            if (_tonePending)
            {
                // The first text of a good/attention/warning container carries the container's tone (its emoji).
                color ??= _tone;
                _tonePending = false;
            }

            if (heading)
            {
                Flush();
                var plain = CardText.Unescape(text.Replace("**", string.Empty, StringComparison.Ordinal));
                Heading ??= plain;
                var emoji = color switch
                {
                    "GOOD" => ":white_check_mark: ",
                    "ATTENTION" => ":x: ",
                    "WARNING" => ":warning: ",
                    _ => string.Empty,
                };
                Blocks.Add(new HeaderBlock(TextObject.Plain(Mrkdwn.Cut(emoji + plain, BlockKitLimits.HeaderText))));
                return;
            }

            if (Is(element, "fontType", "Monospace"))
            {
                Flush();
                Preformatted(CardText.Unescape(text));
                return;
            }

            AppendRun(element, Mrkdwn.FromAdaptive(text), color);
        }

        /// <summary>A RichTextBlock's runs: literal text (runs are not Markdown), escaped; Bolder runs bold; Monospace runs preformatted.</summary>
        private void RichText(JsonObject element)
        {
            var runs = (element["inlines"] as JsonArray ?? []).Select(i => i switch
            {
                JsonObject o => (Text: Str(o, "text") ?? string.Empty, Run: o),
                JsonValue v when v.GetValueKind() == JsonValueKind.String => (Text: v.GetValue<string>(), Run: (JsonObject?)null),
                _ => (Text: string.Empty, Run: null),
            }).Where(r => r.Text.Length > 0).ToList();
            if (runs.Count == 0 || runs.All(r => string.IsNullOrWhiteSpace(r.Text)))
            {
                return;
            }

            if (runs.All(r => r.Run is not null && Is(r.Run, "fontType", "Monospace")))
            {
                Flush();
                Preformatted(string.Concat(runs.Select(r => r.Text)));
                return;
            }

            var mrkdwn = string.Concat(runs.Select(r => r.Run is not null && Is(r.Run, "weight", "Bolder") ? Mrkdwn.Bold(Mrkdwn.Escape(r.Text)) : Mrkdwn.Escape(r.Text)));
            AppendRun(element, mrkdwn, Str(element, "color")?.ToUpperInvariant());
        }

        /// <summary>A container style as the colour its first text stands for in Slack (good ✅, attention 🔴/❌, warning ⚠️).</summary>
        private static string? Tone(string? style) => style?.ToUpperInvariant() switch
        {
            "GOOD" => "GOOD",
            "ATTENTION" => "ATTENTION",
            "WARNING" => "WARNING",
            _ => null,
        };

        private void AppendRun(JsonObject element, string mrkdwn, string? color)
        {
            if (Is(element, "weight", "Bolder"))
            {
                mrkdwn = Mrkdwn.Bold(mrkdwn);
            }

            mrkdwn = color switch
            {
                "WARNING" => ":warning: " + mrkdwn,
                "ATTENTION" => ":red_circle: " + mrkdwn,
                _ => mrkdwn,
            };
            if (_run.Length > 0 && _run.Length + 1 + mrkdwn.Length > BlockKitLimits.SectionText)
            {
                Flush();
            }

            if (_run.Length > 0)
            {
                _run.Append('\n');
            }

            _run.Append(mrkdwn);
        }

        private void Preformatted(string text)
        {
            var escaped = Mrkdwn.Escape(text.Replace("\r\n", "\n", StringComparison.Ordinal)).Replace("```", "`\u200B``", StringComparison.Ordinal);
            const int chunk = BlockKitLimits.SectionText - 16;
            var sections = 0;
            var offset = 0;
            while (offset < escaped.Length && sections < MaxPreformattedSections)
            {
                var length = Math.Min(chunk, escaped.Length - offset);
                if (offset + length < escaped.Length)
                {
                    var newline = escaped.LastIndexOf('\n', offset + length - 1, length);
                    if (newline > offset + (length / 2))
                    {
                        length = newline - offset + 1;
                    }

                    length = Mrkdwn.SafeCut(escaped.Substring(offset, length), length) is var safe && safe > 0 ? safe : length;
                }

                Blocks.Add(new SectionBlock { Text = TextObject.Markdown(Mrkdwn.Preformatted(escaped.Substring(offset, length).TrimEnd('\n'))) });
                offset += length;
                sections++;
            }

            if (offset < escaped.Length)
            {
                Notes.Add(string.Create(CultureInfo.InvariantCulture, $":scissors: Output cut for Slack: {escaped.Length - offset} more characters not shown; the full output is in the JSON result (`status REQUEST-ID --json`)."));
            }
        }

        private void Facts(JsonArray facts)
        {
            var fields = new List<TextObject>();
            foreach (var fact in facts.OfType<JsonObject>())
            {
                var title = Mrkdwn.FromAdaptive(Str(fact, "title") ?? string.Empty);
                var value = Mrkdwn.FromAdaptive(Str(fact, "value") ?? string.Empty);
                if (title.Length == 0 && value.Length == 0)
                {
                    continue;
                }

                var text = title.Length == 0 ? value : value.Length == 0 ? Mrkdwn.Bold(title) : Mrkdwn.Bold(title) + "\n" + value;
                fields.Add(TextObject.Markdown(Mrkdwn.Truncate(text, BlockKitLimits.FieldText)));
            }

            foreach (var chunk in fields.Chunk(BlockKitLimits.SectionFields))
            {
                Blocks.Add(new SectionBlock { Fields = chunk });
            }
        }

        private void Image(JsonObject element)
        {
            var url = Str(element, "url") ?? string.Empty;
            if (!Mrkdwn.IsWebUrl(url) || url.Length > BlockKitLimits.ImageUrl)
            {
                Notes.Add("(an image is not shown: its URL is not a web address Slack accepts)");
                return;
            }

            var alt = Str(element, "altText");
            Blocks.Add(new ImageBlock(url, Mrkdwn.Cut(string.IsNullOrWhiteSpace(alt) ? "image" : alt, BlockKitLimits.AltText)));
        }

        private void Input(JsonObject element, string type)
        {
            var id = Str(element, "id");
            if (string.IsNullOrEmpty(id) || id.Length > BlockKitLimits.BlockId)
            {
                Notes.Add(Mrkdwn.Escape($"(an {type} without a usable id is not shown)"));
                return;
            }

            var label = TextObject.Plain(Mrkdwn.Cut(Str(element, "label") ?? Str(element, "placeholder") ?? id, BlockKitLimits.InputLabel));
            var required = Flag(element, "isRequired");
            var value = Str(element, "value");
            var placeholder = Str(element, "placeholder") is { Length: > 0 } p ? TextObject.Plain(Mrkdwn.Cut(p, BlockKitLimits.Placeholder)) : null;
            Block block;
            switch (type)
            {
                case "Input.Number":
                    block = new InputBlock(label, new NumberInputElement(false)
                    {
                        ActionId = id,
                        MinValue = Number(element["min"]),
                        MaxValue = Number(element["max"]),
                        InitialValue = Number(element["value"]),
                    })
                    { BlockId = id, Optional = !required };
                    break;
                case "Input.ChoiceSet":
                    block = Choices(element, id, label, required, value);
                    break;
                case "Input.Toggle":
                    var on = Str(element, "valueOn") ?? "true";
                    var off = Str(element, "valueOff") ?? "false";
                    var options = new List<Option> { new(TextObject.Plain("Yes"), Mrkdwn.Cut(on, BlockKitLimits.OptionValue)), new(TextObject.Plain("No"), Mrkdwn.Cut(off, BlockKitLimits.OptionValue)) };
                    var toggleLabel = TextObject.Plain(Mrkdwn.Cut(Str(element, "title") ?? label.Text, BlockKitLimits.InputLabel));
                    block = new InputBlock(toggleLabel, new StaticSelectElement(options) { ActionId = id, InitialOption = options.FirstOrDefault(o => o.Value == value) }) { BlockId = id, Optional = !required };
                    break;
                default:
                    var hint = type switch
                    {
                        "Input.Date" => "YYYY-MM-DD",
                        "Input.Time" => "HH:MM",
                        _ => null,
                    };
                    var max = element["maxLength"] is JsonValue m && m.TryGetValue<int>(out var maxLength) && maxLength > 0 ? Math.Min(maxLength, BlockKitLimits.PlainTextInputMaxLength) : (int?)null;
                    block = new InputBlock(label, new PlainTextInputElement
                    {
                        ActionId = id,
                        Multiline = Flag(element, "isMultiline") ? true : null,
                        MaxLength = max,
                        InitialValue = string.IsNullOrEmpty(value) ? null : Mrkdwn.Cut(value, max ?? BlockKitLimits.PlainTextInputMaxLength),
                        Placeholder = placeholder ?? (hint is null ? null : TextObject.Plain(hint)),
                    })
                    { BlockId = id, Optional = !required };
                    break;
            }

            Inputs.Add(new FormInput(id, block)
            {
                Regex = type == "Input.Text" ? Str(element, "regex") : null,
                ErrorMessage = Str(element, "errorMessage"),
                Required = required,
            });
        }

        private static Block Choices(JsonObject element, string id, TextObject label, bool required, string? value)
        {
            var all = (element["choices"] as JsonArray ?? []).OfType<JsonObject>().ToList();
            var usable = all
                .Select(c => (Title: Str(c, "title") ?? Str(c, "value") ?? string.Empty, Value: Str(c, "value") ?? string.Empty))
                .Where(c => c.Value.Length is > 0 and <= BlockKitLimits.OptionValue)
                .ToList();
            var options = usable.Take(BlockKitLimits.SelectOptions)
                .Select(c => new Option(TextObject.Plain(Mrkdwn.Cut(c.Title.Length == 0 ? c.Value : c.Title, BlockKitLimits.OptionText)), c.Value))
                .ToList();
            if (options.Count == 0)
            {
                return new SectionBlock { BlockId = id, Text = TextObject.Markdown(Mrkdwn.Escape($"{label.Text}: no choices are available.")) };
            }

            string? hint = null;
            if (all.Count > options.Count)
            {
                hint = string.Create(CultureInfo.InvariantCulture, $"Showing {options.Count} of {all.Count} choices (Slack lists at most {BlockKitLimits.SelectOptions}; choices with values over {BlockKitLimits.OptionValue} characters are left out).");
            }

            return new InputBlock(label, new StaticSelectElement(options)
            {
                ActionId = id,
                InitialOption = string.IsNullOrEmpty(value) ? null : options.FirstOrDefault(o => o.Value == value),
            })
            {
                BlockId = id,
                Optional = !required,
                Hint = hint is null ? null : TextObject.Plain(hint),
            };
        }

        private static string? Number(JsonNode? node) =>
            node is JsonValue v && v.GetValueKind() == JsonValueKind.Number
                ? v.ToJsonString()
                : node is JsonValue s && s.GetValueKind() == JsonValueKind.String && decimal.TryParse(s.GetValue<string>(), NumberStyles.Number, CultureInfo.InvariantCulture, out var d)
                    ? d.ToString(CultureInfo.InvariantCulture)
                    : null;

        private void Unsupported(JsonObject element, string type)
        {
            switch (element["fallback"])
            {
                case JsonValue v when v.GetValueKind() == JsonValueKind.String && string.Equals(v.GetValue<string>(), "drop", StringComparison.OrdinalIgnoreCase):
                    return;
                case JsonObject fallback:
                    Walk([fallback.DeepClone()]);
                    return;
                default:
                    Notes.Add(Mrkdwn.Escape($"(a {(type.Length == 0 ? "card element" : type)} is not shown in Slack)"));
                    return;
            }
        }
    }
}
