package io.dbsteps.cli;

import io.dbsteps.DbSteps;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** Lists the shipped schemas and the tags of each, read from the jar. */
@Command(name = "schemas", mixinStandardHelpOptions = true,
        description = "Lists the schemas shipped in this jar and the tags of each, oldest first.",
        footer = {"", "Example:", "  dbsteps schemas"})
final class SchemasCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        List<String> schemas = DbSteps.shippedSchemas();
        Map<String, List<String>> tags = schemas.stream()
                .collect(Collectors.toMap(Function.identity(), DbSteps::shippedTags));
        Output.table(spec.commandLine().getOut(), List.of("SCHEMA", "TAGS"), schemas, Function.identity(),
                s -> String.join(", ", tags.get(s)));
        spec.commandLine().getOut().flush();
    }
}
