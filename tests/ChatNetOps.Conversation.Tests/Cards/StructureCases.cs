using System.Text.Json.Nodes;

namespace ChatNetOps.Conversation.Tests.Cards;

/// <summary>Templates exercising $data, $when, $root, $index, repetition and array flattening in both engines.</summary>
internal static class StructureCases
{
    public static JsonNode Data => JsonNode.Parse("""
        {
          "title": "T", "flag": true, "off": false, "n": 2,
          "people": [ { "name": "ann", "age": 30, "tags": ["a", "b"] }, { "name": "bob", "age": 17, "tags": [] }, { "name": "cy", "age": 45, "tags": ["c"] } ],
          "one": [ { "name": "solo" } ],
          "none": [],
          "strings": ["x", "y"],
          "nested": { "inner": { "value": "deep" } },
          "nul": null
        }
        """)!;

    public static IReadOnlyList<(string Name, string Template)> All { get; } =
    [
        ("repeat", """{"items":[{"$data":"${people}","t":"${name} (${age})"}]}"""),
        ("repeat-index", """{"items":[{"$data":"${people}","i":"${$index}","t":"${$index + 1}. ${name}"}]}"""),
        ("repeat-root", """{"items":[{"$data":"${people}","t":"${$root.title}/${name}/${title}"}]}"""),
        ("repeat-when", """{"items":[{"$data":"${people}","$when":"${age >= 18}","t":"${name}"}]}"""),
        ("repeat-nested", """{"items":[{"$data":"${people}","tags":[{"$data":"${tags}","t":"${$data} of ${name} #${$index}"}]}]}"""),
        ("repeat-strings", """{"items":[{"$data":"${strings}","t":"${$data}","i":"${$index}"}]}"""),
        ("repeat-one-in-array", """{"items":[{"$data":"${one}","t":"${name}"}]}"""),
        ("repeat-one-as-property", """{"item":{"$data":"${one}","t":"${name}"}}"""),
        ("repeat-many-as-property", """{"item":{"$data":"${people}","t":"${name}"}}"""),
        ("repeat-empty-in-array", """{"items":[{"$data":"${none}","t":"${name}"},{"t":"kept"}]}"""),
        ("repeat-empty-as-property", """{"item":{"$data":"${none}","t":"x"}}"""),
        ("data-object-scope", """{"item":{"$data":"${nested.inner}","v":"${value}","r":"${$root.title}"}}"""),
        ("data-null-scope", """{"item":{"$data":"${nul}","v":"${value}"}}"""),
        ("data-missing-scope", """{"item":{"$data":"${missing}","v":"${title}"}}"""),
        ("when-true-false", """{"a":[{"$when":"${flag}","t":1},{"$when":"${off}","t":2},{"$when":"${not(off)}","t":3}]}"""),
        ("when-missing", """{"a":[{"$when":"${missing}","t":1},{"$when":"${exists(missing)}","t":2},{"$when":"${missing.x == 'y'}","t":3},{"t":4}]}"""),
        ("when-non-boolean", """{"a":[{"$when":"${n}","t":1},{"$when":"${title}","t":2},{"$when":"x ${flag}","t":3}]}"""),
        ("when-literal", """{"a":[{"$when":true,"t":1},{"$when":false,"t":2},{"$when":"","t":3},{"$when":"text","t":4},{"$when":null,"t":5}]}"""),
        ("when-on-property", """{"p":{"$when":"${off}","t":1},"q":{"$when":"${flag}","t":2}}"""),
        ("array-flatten-and-nulls", """{"a":[[1,2],null,3,"${strings}","${nul}",["${title}"]]}"""),
        ("reserved-keys-dropped", """{"$root":"r","$index":1,"$host":"h","$_acTemplateVersion":1,"keep":"${title}","$schema":"s"}"""),
        ("keys-not-expanded", """{"${title}":"${title}"}"""),
        ("literals-pass-through", """{"n":1.5,"i":7,"b":false,"z":null,"s":"plain $ { } text","e":"","neg":-3}"""),
        ("escapes", """{"a":"\\${title}","b":"c:\\temp ${title}","c":"\\`tick\\` ${title}","d":"multi\nline ${title}"}"""),
        ("root-data-repeat", """{"$data":"${one}","t":"${name}"}"""),
        ("root-when-kept", """{"$when":"${flag}","t":"${title}"}"""),
        ("deep-nesting", """{"a":{"b":{"c":[{"d":{"$data":"${people}","e":[{"$data":"${tags}","f":"${$root.people[0].name}:${$data}"}]}}]}}}"""),
    ];
}
