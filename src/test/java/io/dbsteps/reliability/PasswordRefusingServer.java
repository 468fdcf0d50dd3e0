package io.dbsteps.reliability;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A local endpoint that speaks just enough of PostgreSQL's wire protocol to refuse a password the way a server
 * with password authentication does: it asks for an MD5 password, reads it, and answers with the FATAL error
 * 28P01 "password authentication failed for user ...". The JDBC driver handles that answer exactly as it handles a
 * real server's, so the test sees dbsteps' translation of a wrong password even where the test server trusts every
 * local connection. Each password message it received is kept, to prove one was sent.
 */
public final class PasswordRefusingServer implements AutoCloseable {
    private final ServerSocket socket;
    private final Thread acceptor;
    private final List<String> users = Collections.synchronizedList(new ArrayList<>());

    public PasswordRefusingServer() {
        try {
            socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::serve, "password-refusing-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A JDBC URL for this endpoint, with SSL and GSS encryption off (this endpoint speaks neither). */
    public String url() {
        return "jdbc:postgresql://127.0.0.1:" + socket.getLocalPort() + "/app?sslmode=disable&gssEncMode=disable"
                + "&connectTimeout=5&loginTimeout=5";
    }

    /** @return the users that sent a password */
    public List<String> usersThatSentAPassword() {
        return List.copyOf(users);
    }

    private void serve() {
        while (!socket.isClosed()) {
            try (Socket client = socket.accept()) {
                client.setSoTimeout(5000);
                refuse(client);
            } catch (IOException e) {
                // closed, or a client that went away: wait for the next one
            }
        }
    }

    private void refuse(Socket client) throws IOException {
        DataInputStream in = new DataInputStream(client.getInputStream());
        DataOutputStream out = new DataOutputStream(client.getOutputStream());
        int length = in.readInt();
        int protocol = in.readInt();
        byte[] rest = new byte[length - 8];
        in.readFully(rest);
        if (protocol != 196608) {
            return; // an SSL or GSS request although both are off in the URL: not for this endpoint
        }
        String user = parameter(rest, "user");
        out.writeByte('R'); // AuthenticationMD5Password with a salt
        out.writeInt(12);
        out.writeInt(5);
        out.write(new byte[] {1, 2, 3, 4});
        out.flush();
        if (in.readByte() != 'p') {
            return;
        }
        byte[] password = new byte[in.readInt() - 4];
        in.readFully(password);
        users.add(user);
        byte[] fields = ("SFATAL\0VFATAL\0C28P01\0Mpassword authentication failed for user \"" + user + "\"\0\0")
                .getBytes(StandardCharsets.UTF_8);
        out.writeByte('E');
        out.writeInt(4 + fields.length);
        out.write(fields);
        out.flush();
    }

    private static String parameter(byte[] startup, String name) {
        String[] parts = new String(startup, StandardCharsets.UTF_8).split("\0");
        for (int i = 0; i + 1 < parts.length; i += 2) {
            if (parts[i].equals(name)) {
                return parts[i + 1];
            }
        }
        return "";
    }

    @Override
    public void close() {
        try {
            socket.close();
            acceptor.join(5000);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
