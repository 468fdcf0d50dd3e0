package io.dbsteps.internal.liquibase;

import io.dbsteps.internal.failure.SecretMask;
import java.util.logging.Level;
import liquibase.logging.Logger;
import liquibase.logging.core.AbstractLogService;
import liquibase.logging.core.AbstractLogger;
import org.slf4j.LoggerFactory;

/**
 * Sends Liquibase's log lines to SLF4J under Liquibase's own logger names, with secrets masked, so that a host
 * configures dbsteps' logging like the rest of its logging.
 */
public final class Slf4jLogService extends AbstractLogService {
    private final SecretMask mask;

    public Slf4jLogService(SecretMask mask) {
        this.mask = mask;
    }

    @Override
    public int getPriority() {
        return PRIORITY_SPECIALIZED;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Logger getLog(Class clazz) {
        return new Slf4jLogger(LoggerFactory.getLogger(clazz), mask);
    }

    private static final class Slf4jLogger extends AbstractLogger {
        private final org.slf4j.Logger target;
        private final SecretMask mask;

        Slf4jLogger(org.slf4j.Logger target, SecretMask mask) {
            this.target = target;
            this.mask = mask;
        }

        @Override
        public void close() {
            // SLF4J loggers hold nothing to close
        }

        @Override
        public void log(Level level, String message, Throwable e) {
            int value = level.intValue();
            if (value == Level.OFF.intValue()) {
                return;
            }
            if (value >= Level.SEVERE.intValue()) {
                if (target.isErrorEnabled()) {
                    target.error(mask.apply(message), mask.scrub(e));
                }
            } else if (value >= Level.WARNING.intValue()) {
                if (target.isWarnEnabled()) {
                    target.warn(mask.apply(message), mask.scrub(e));
                }
            } else if (value >= Level.INFO.intValue()) {
                if (target.isInfoEnabled()) {
                    target.info(mask.apply(message), mask.scrub(e));
                }
            } else if (value >= Level.FINE.intValue()) {
                if (target.isDebugEnabled()) {
                    target.debug(mask.apply(message), mask.scrub(e));
                }
            } else if (target.isTraceEnabled()) {
                target.trace(mask.apply(message), mask.scrub(e));
            }
        }
    }
}
