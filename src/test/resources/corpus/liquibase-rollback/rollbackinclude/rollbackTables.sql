drop table sqlfilerollback;
drop table sqlfilerollback2;
