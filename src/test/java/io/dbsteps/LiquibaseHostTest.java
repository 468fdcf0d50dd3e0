package io.dbsteps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import liquibase.util.LiquibaseUtil;
import org.junit.jupiter.api.Test;

/**
 * The tests run on the Liquibase the build asked for: 4.33.0, dbsteps' own, or in profile liquibase5 the 5.0.x of a
 * Liquibase 5 host. There, dbsteps' classes, compiled against 4.33.0, must also link: every Liquibase field,
 * method and constructor they use must exist in the running Liquibase, including on paths no other test takes, and
 * every Liquibase interface they implement must be implemented in full.
 */
class LiquibaseHostTest {
    @Test
    void theTestsRunOnTheLiquibaseTheBuildAskedFor() {
        String expected = System.getProperty("dbsteps.expected.liquibase");
        assertThat(expected).as("the surefire configuration names the Liquibase version").isNotBlank();
        assertThat(LiquibaseUtil.getBuildVersion()).isEqualTo(expected);
        assertThat(liquibase.Liquibase.class.getProtectionDomain().getCodeSource().getLocation().toString())
                .contains("liquibase-core-" + expected + ".jar");
    }

    @Test
    void everyLiquibaseMemberDbstepsUsesExistsInTheRunningLiquibase() throws IOException {
        Set<String> used = new TreeSet<>();
        try (Stream<Path> classes = Files.walk(Path.of("target/classes"))) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                try (InputStream in = Files.newInputStream(file)) {
                    used.addAll(memberReferences(new DataInputStream(in), "liquibase/"));
                }
            }
        }
        assertThat(used).as("dbsteps uses Liquibase through its API").hasSizeGreaterThan(50);
        List<String> missing = new ArrayList<>();
        for (String ref : used) {
            if (!resolves(ref)) {
                missing.add(ref);
            }
        }
        assertThat(missing).as("Liquibase members dbsteps uses that Liquibase %s lacks", LiquibaseUtil.getBuildVersion())
                .isEmpty();
    }

    @Test
    void everyLiquibaseInterfaceDbstepsImplementsIsImplementedInFull() throws Exception {
        List<String> implementations = new ArrayList<>();
        List<String> unimplemented = new ArrayList<>();
        try (Stream<Path> classes = Files.walk(Path.of("target/classes"))) {
            for (Path file : classes.filter(p -> p.toString().endsWith(".class")).toList()) {
                String name = Path.of("target/classes").relativize(file).toString().replace('/', '.')
                        .replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, LiquibaseHostTest.class.getClassLoader());
                if (c.isInterface() || Modifier.isAbstract(c.getModifiers()) || !extendsLiquibase(c)) {
                    continue;
                }
                implementations.add(name);
                for (Method m : c.getMethods()) {
                    if (Modifier.isAbstract(m.getModifiers())) {
                        unimplemented.add(name + ": " + m);
                    }
                }
            }
        }
        assertThat(implementations).as("dbsteps' listeners, log service and changelog extensions")
                .contains("io.dbsteps.internal.liquibase.ChangeSetHooks", "io.dbsteps.ext.ReportCount");
        assertThat(unimplemented).isEmpty();
    }

    private static boolean extendsLiquibase(Class<?> c) {
        Deque<Class<?>> todo = new ArrayDeque<>();
        todo.push(c);
        while (!todo.isEmpty()) {
            Class<?> k = todo.pop();
            if (k.getName().startsWith("liquibase.")) {
                return true;
            }
            if (k.getSuperclass() != null) {
                todo.push(k.getSuperclass());
            }
            for (Class<?> i : k.getInterfaces()) {
                todo.push(i);
            }
        }
        return false;
    }

    /**
     * The field and method references of a class file into a package, as {@code owner.name:descriptor}, read from its
     * constant pool (JVMS 4.4).
     */
    static List<String> memberReferences(DataInputStream in, String packagePrefix) throws IOException {
        in.readInt();
        in.readUnsignedShort();
        in.readUnsignedShort();
        int count = in.readUnsignedShort();
        Object[] pool = new Object[count];
        int[][] refs = new int[count][];
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> pool[i] = in.readUTF();
                case 7, 8, 16, 19, 20 -> refs[i] = new int[] {tag, in.readUnsignedShort()};
                case 9, 10, 11, 12, 17, 18 -> refs[i] = new int[] {tag, in.readUnsignedShort(), in.readUnsignedShort()};
                case 3, 4 -> in.readInt();
                case 5, 6 -> {
                    in.readLong();
                    i++;
                }
                case 15 -> {
                    in.readUnsignedByte();
                    in.readUnsignedShort();
                }
                default -> throw new IOException("unknown constant pool tag " + tag);
            }
        }
        List<String> out = new ArrayList<>();
        for (int[] r : refs) {
            if (r != null && (r[0] == 9 || r[0] == 10 || r[0] == 11)) {
                String owner = (String) pool[refs[r[1]][1]];
                int[] nameAndType = refs[r[2]];
                if (owner.startsWith(packagePrefix)) {
                    out.add(owner + "." + pool[nameAndType[1]] + ":" + pool[nameAndType[2]]);
                }
            }
        }
        return out;
    }

    private static boolean resolves(String ref) {
        int colon = ref.indexOf(':');
        int dot = ref.lastIndexOf('.', colon);
        String name = ref.substring(dot + 1, colon);
        String descriptor = ref.substring(colon + 1);
        Class<?> owner;
        try {
            owner = Class.forName(ref.substring(0, dot).replace('/', '.'), false, LiquibaseHostTest.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return false;
        }
        if (name.equals("<init>")) {
            for (Constructor<?> c : owner.getDeclaredConstructors()) {
                if (descriptor(c).equals(descriptor)) {
                    return true;
                }
            }
            return false;
        }
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(owner));
        Set<Class<?>> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            Class<?> k = todo.pop();
            if (!seen.add(k)) {
                continue;
            }
            for (Method m : k.getDeclaredMethods()) {
                if (m.getName().equals(name) && descriptor(m).equals(descriptor)) {
                    return true;
                }
            }
            for (Field f : k.getDeclaredFields()) {
                if (f.getName().equals(name) && descriptor(f.getType()).equals(descriptor)) {
                    return true;
                }
            }
            todo.push(k.getSuperclass() != null ? k.getSuperclass() : Object.class);
            for (Class<?> i : k.getInterfaces()) {
                todo.push(i);
            }
        }
        return false;
    }

    private static String descriptor(Executable e) {
        StringBuilder d = new StringBuilder("(");
        for (Class<?> p : e.getParameterTypes()) {
            d.append(descriptor(p));
        }
        return d.append(')').append(e instanceof Method m ? descriptor(m.getReturnType()) : "V").toString();
    }

    private static String descriptor(Class<?> c) {
        if (c.isArray()) {
            return c.getName().replace('.', '/');
        }
        if (!c.isPrimitive()) {
            return "L" + c.getName().replace('.', '/') + ";";
        }
        return switch (c.getName()) {
            case "int" -> "I";
            case "long" -> "J";
            case "boolean" -> "Z";
            case "void" -> "V";
            case "byte" -> "B";
            case "char" -> "C";
            case "short" -> "S";
            case "float" -> "F";
            default -> "D";
        };
    }
}
